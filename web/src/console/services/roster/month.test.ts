import { describe, expect, it } from 'vitest';
import { monthCells, monthRange, shiftMonth } from './month';

describe('month calendar cells', () => {
  it('starts on Monday: March 2026 begins on a Sunday, so six blanks', () => {
    const cells = monthCells('2026-03');
    expect(cells.slice(0, 7)).toEqual([null, null, null, null, null, null, '2026-03-01']);
    expect(cells.at(-1)).toBe('2026-03-31');
  });
  it('ranges and moves across years', () => {
    expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
  });
});

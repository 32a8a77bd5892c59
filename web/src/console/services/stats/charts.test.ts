import { describe, expect, it } from 'vitest';
import { keptRate, percent } from './charts';

describe('service statistics figures', () => {
  it('shows a share as a percentage with one decimal, and nothing when there is no base', () => {
    expect(percent(2 / 3)).toBe('66.7%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBeNull();
  });
  it('computes the kept rate of appointments, null without appointments', () => {
    expect(keptRate({ kept: 3, appointments: 4 })).toBe(0.75);
    expect(keptRate({ kept: 0, appointments: 0 })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { defaultCenter } from './centers';

const center = (id: number, roomCount: number, manage = true) => ({ id, roomCount, allowedActions: manage ? (['manage'] as const) : [] }) as never;

describe('the center the rooms pages open on', () => {
  it('is the first center with rooms, not an empty one listed first', () => {
    expect(defaultCenter([center(1, 0), center(2, 0), center(3, 4)], null)).toBe(3);
  });

  it('prefers a center the caller manages, then one chosen before', () => {
    expect(defaultCenter([center(1, 2, false), center(2, 3)], null)).toBe(2);
    expect(defaultCenter([center(1, 0), center(3, 4)], 1)).toBe(1);
    expect(defaultCenter([center(1, 0), center(3, 4)], 99)).toBe(3);
  });

  it('falls back to the first center when none has rooms, and to none when there is none', () => {
    expect(defaultCenter([center(5, 0), center(6, 0)], null)).toBe(5);
    expect(defaultCenter([], null)).toBeNull();
  });
});

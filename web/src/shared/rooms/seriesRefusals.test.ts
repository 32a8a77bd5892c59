import { describe, expect, it } from 'vitest';
import type { Occurrence } from '../api/roomsApi';
import { freeInstead, isTaken } from './seriesRefusals';

const span = (s: string, e: string) => ({ startsAt: `2026-03-03T${s}:00+08:00`, endsAt: `2026-03-03T${e}:00+08:00` });
const occurrence = (problem: Occurrence['problem']) =>
  ({ date: '2026-03-03', ...span('14:00', '16:00'), ok: problem === null, bookingId: null, status: null, problem }) as Occurrence;

describe('a weekly booking refused date by date', () => {
  it('offers the times free instead, tappable, for a taken date', () => {
    const taken = occurrence({ code: 'slot_taken', messages: { zh: '已被预约', en: 'Taken' }, details: { suggestions: [span('16:00', '18:00')], freeWindows: [] } });
    expect(isTaken(taken)).toBe(true);
    expect(freeInstead(taken)).toEqual([span('16:00', '18:00')]);
  });

  it('falls back to shorter free stretches, and offers nothing for a date refused for another reason', () => {
    const shorter = occurrence({ code: 'slot_taken', messages: { zh: '', en: '' }, details: { suggestions: [], freeWindows: [span('18:00', '19:00')] } });
    expect(freeInstead(shorter)).toEqual([span('18:00', '19:00')]);
    const closed = occurrence({ code: 'room_closed', messages: { zh: '闭馆', en: 'Closed' } });
    expect(isTaken(closed)).toBe(false);
    expect(freeInstead(closed)).toEqual([]);
  });
});

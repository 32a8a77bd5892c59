import type { InstantSpan, Occurrence, SlotTakenDetails } from '../api/roomsApi';

/** A date of a weekly booking refused because the time is taken: it can wait for the time to free up. */
export function isTaken(o: Occurrence): boolean {
  return !o.ok && o.problem?.code === 'slot_taken';
}

/**
 * The times the room is free instead that day, as the server suggests them with the refusal: same-length
 * windows first, else the shorter free stretches.
 */
export function freeInstead(o: Occurrence): InstantSpan[] {
  if (!isTaken(o)) return [];
  const d = o.problem?.details as Partial<SlotTakenDetails> | undefined;
  const suggestions = d?.suggestions ?? [];
  return suggestions.length > 0 ? suggestions : (d?.freeWindows ?? []);
}

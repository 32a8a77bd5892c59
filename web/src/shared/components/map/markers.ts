/**
 * How requests look on a map: one colour per stage, red for overdue whatever the stage, and nearby points grouped
 * into one numbered marker so a county's hundreds of requests stay readable.
 */

export type MarkerTone = 'overdue' | 'waiting' | 'working' | 'done' | 'other';
export const MARKER_TONES: readonly MarkerTone[] = ['overdue', 'waiting', 'working', 'done', 'other'];

export const TONE_COLORS: Record<MarkerTone, string> = {
  overdue: '#dc2626',
  waiting: '#f59e0b',
  working: '#2563eb',
  done: '#16a34a',
  other: '#9ca3af',
};

const OPEN = new Set(['submitted', 'accepted', 'dispatched', 'in_progress']);

export function toneOf(status: string, overdue: boolean): MarkerTone {
  if (overdue && OPEN.has(status)) return 'overdue';
  if (status === 'submitted' || status === 'accepted') return 'waiting';
  if (status === 'dispatched' || status === 'in_progress') return 'working';
  if (status === 'resolved' || status === 'closed') return 'done';
  return 'other';
}

export interface MapMarker {
  id: number;
  lng: number;
  lat: number;
  tone: MarkerTone;
  /** Shown on hover / tap. */
  label: string;
}

export interface PlacedMarker<M> {
  marker: M;
  /** Screen position in pixels at the current zoom. */
  x: number;
  y: number;
}

export interface MarkerGroup<M> {
  members: M[];
  x: number;
  y: number;
}

/** The most urgent tone among members: a group with one overdue request shows red. */
export function groupTone(tones: MarkerTone[]): MarkerTone {
  let best = MARKER_TONES.length - 1;
  for (const tone of tones) best = Math.min(best, MARKER_TONES.indexOf(tone));
  return MARKER_TONES[best] ?? 'other';
}

/**
 * Points within `cell` pixels of a group's first member join it (greedy, in the given order); a group sits at the
 * mean of its members. Linear in points × groups, enough for the 2000 points one answer carries.
 */
export function groupByDistance<M>(placed: PlacedMarker<M>[], cell: number): MarkerGroup<M>[] {
  const groups: { members: M[]; ax: number; ay: number; sx: number; sy: number }[] = [];
  for (const p of placed) {
    const near = groups.find((g) => Math.abs(g.ax - p.x) <= cell && Math.abs(g.ay - p.y) <= cell);
    if (near) {
      near.members.push(p.marker);
      near.sx += p.x;
      near.sy += p.y;
    } else {
      groups.push({ members: [p.marker], ax: p.x, ay: p.y, sx: p.x, sy: p.y });
    }
  }
  return groups.map((g) => ({ members: g.members, x: g.sx / g.members.length, y: g.sy / g.members.length }));
}

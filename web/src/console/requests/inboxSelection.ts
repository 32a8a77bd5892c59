import type { RequestStatus } from '@/shared/api/requestsApi';

type Row = { id: number };

/**
 * Which request the inbox side panel shows after the list reloads. A request still listed keeps the panel (with
 * its new state). One that was listed and is gone (dispatched, merged, rejected, or taken by a colleague) closes
 * the panel rather than leaving a stale card with buttons that no longer apply. A request that was never on this
 * page (just entered by hand) stays until the dispatcher picks another.
 */
export function panelAfterReload<T extends Row>(selected: T | null, before: ReadonlySet<number>, items: readonly T[], live: boolean): T | null {
  const same = selected ? items.find((r) => r.id === selected.id) : undefined;
  if (same) return same;
  if (!live) return items[0] ?? null;
  if (selected && !before.has(selected.id)) return selected;
  return null;
}

/** After a step in the panel: does the request still belong in an inbox listing these statuses? */
export function staysInInbox(status: RequestStatus, listed: readonly RequestStatus[]): boolean {
  return listed.includes(status);
}

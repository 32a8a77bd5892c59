import type { DbOrTx, Tx } from '../../db/client.js';
import { notify } from '../../platform/notifications.js';
import { holdersAt } from './requests.repo.js';

/**
 * Who hears about a step, and what they read. Every notice is written with `notify` inside the step's transaction
 * (inbox + outbox); the outbox delivers it after commit, live to open pages through the notification stream.
 */

/** Ids of the nodes on a path, root first. */
export function pathIds(path: string): number[] {
  return path.split('.').map(Number);
}

export function parentPath(path: string): string | null {
  const cut = path.lastIndexOf('.');
  return cut < 0 ? null : path.slice(0, cut);
}

/**
 * Users holding `permission` at the nearest node on the path (the node itself first, then upwards) where anyone
 * holds it: the community's dispatchers for a grid request, the town's admins when the community has none.
 */
async function nearestHolders(db: DbOrTx, path: string, permission: 'requests.dispatch' | 'requests.supervise'): Promise<number[]> {
  const ids = pathIds(path);
  const holders = await holdersAt(db, ids, permission);
  for (let i = ids.length - 1; i >= 0; i--) {
    const here = holders.filter((h) => h.orgNodeId === ids[i]).map((h) => h.userId);
    if (here.length) return here;
  }
  return [];
}

export const dispatchersOf = (db: DbOrTx, nodePath: string) => nearestHolders(db, nodePath, 'requests.dispatch');
export const supervisorsFrom = (db: DbOrTx, path: string) => nearestHolders(db, path, 'requests.supervise');

/** Admins of one node (requests.supervise held exactly there): who an escalation to that level reaches. */
export async function supervisorsAt(db: DbOrTx, nodeId: number): Promise<number[]> {
  return (await holdersAt(db, [nodeId], 'requests.supervise')).map((h) => h.userId);
}

export async function unitHandlers(db: DbOrTx, unitNodeId: number): Promise<number[]> {
  return (await holdersAt(db, [unitNodeId], 'requests.handle')).map((h) => h.userId);
}

/** Pages the link opens, by who reads it. */
export type Audience = 'resident' | 'worker' | 'staff';
export function linkFor(audience: Audience, requestId: number): string {
  if (audience === 'resident') return `/m/requests/${requestId}`;
  if (audience === 'worker') return `/m/tasks/${requestId}`;
  return `/console/requests/${requestId}`;
}

export interface RequestNotice {
  kind: string;
  title: string;
  body?: string;
  audience: Audience;
  data?: Record<string, unknown>;
}

/** Notify people about a request, never the one who took the step. */
export async function noticeTo(
  tx: Tx,
  now: Date,
  request: { id: number; number: string },
  userIds: readonly (number | null | undefined)[],
  notice: RequestNotice,
  actorUserId: number | null,
): Promise<void> {
  const recipients = [...new Set(userIds.filter((u): u is number => typeof u === 'number' && u !== actorUserId))];
  if (recipients.length === 0) return;
  await notify(
    tx,
    {
      userIds: recipients,
      kind: notice.kind,
      title: notice.title,
      body: notice.body ?? '',
      link: linkFor(notice.audience, request.id),
      data: { requestId: request.id, number: request.number, ...notice.data },
    },
    now,
  );
}

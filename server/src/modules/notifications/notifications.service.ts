import type { Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { notify, presentNotification, type NotificationItem } from '../../platform/notifications.js';
import { outboxDispatcherOf } from './notifications.dispatcher.js';
import { assertCanSendTo } from './notifications.policy.js';
import * as repo from './notifications.repo.js';
import type { ListQuery, SendBody } from './notifications.schema.js';

export const ANNOUNCEMENT_KIND = 'announcement';

export async function list(ctx: AppContext, principal: Principal, query: ListQuery) {
  const unreadOnly = query.unread === true;
  const [rows, counts] = await Promise.all([
    // The schema fills in the defaults; the fallbacks only satisfy the optional type.
    repo.listForUser(ctx.db, principal.userId, { limit: query.limit ?? 20, offset: query.offset ?? 0, unreadOnly }),
    repo.countsForUser(ctx.db, principal.userId),
  ]);
  return {
    items: rows.map(presentNotification),
    total: unreadOnly ? counts.unread : counts.total,
    unread: counts.unread,
  };
}

export async function markRead(ctx: AppContext, principal: Principal, id: number): Promise<NotificationItem> {
  const row = await repo.markRead(ctx.db, principal.userId, id, ctx.clock.now());
  if (!row) throw errors.notFound();
  return presentNotification(row);
}

export async function markAllRead(ctx: AppContext, principal: Principal) {
  return { updated: await repo.markAllRead(ctx.db, principal.userId, ctx.clock.now()) };
}

/** At most this many missed notifications are replayed to a reconnecting page; the inbox list has the rest. */
export const REPLAY_LIMIT = 50;

export async function missedSince(ctx: AppContext, principal: Principal, lastEventId: number): Promise<NotificationItem[]> {
  const rows = await repo.listAfter(ctx.db, principal.userId, lastEventId, REPLAY_LIMIT);
  return rows.map(presentNotification);
}

export async function sessionIsLive(ctx: AppContext, principal: Principal): Promise<boolean> {
  return repo.sessionIsLive(ctx.db, principal.sessionId, ctx.clock.now());
}

/** A community announcement: every active user filed under the node (optionally only some roles), audited. */
export async function sendAnnouncement(ctx: AppContext, principal: Principal, actor: ActorContext, input: SendBody) {
  const node = await repo.findNode(ctx.db, input.nodeId);
  if (!node) throw errors.notFound();
  assertCanSendTo(principal, node.path);
  const now = ctx.clock.now();
  const title = input.title.trim();
  const recipients = await ctx.db.transaction(async (tx) => {
    const userIds = await repo.recipientsInSubtree(tx, node.path, input.roles);
    await notify(
      tx,
      { userIds, kind: ANNOUNCEMENT_KIND, title, body: input.body.trim(), data: { orgNodeId: node.id, senderUserId: principal.userId } },
      now,
    );
    await recordAudit(tx, actor, now, {
      action: 'notification.send',
      objectType: 'org_node',
      objectId: node.id,
      orgNodeId: node.id,
      details: { title, roles: input.roles ?? null, recipients: userIds.length },
    });
    return userIds.length;
  });
  outboxDispatcherOf(ctx).kick();
  return { recipients };
}

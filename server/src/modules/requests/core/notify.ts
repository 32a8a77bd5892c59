import type { DbOrTx, Tx } from '../../../db/client.js';
import type { Message } from '../../../platform/errors.js';
import { notify, type NoticeText } from '../../../platform/notifications.js';
import { roleDefinition } from '../../../platform/roles.js';
import { holdersAt } from './repo.js';

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
  /** In Chinese: what the inbox shows. */
  title: string;
  body?: string;
  /** The same in English, for pages in English. */
  en?: NoticeText;
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
      en: notice.en,
      data: { requestId: request.id, number: request.number, ...notice.data },
    },
    now,
  );
}

/** Who handles a request, as the reporter is told: a person (with the role they handle by), their unit, or both. */
export interface Handler {
  name: string | null;
  role: string | null;
  unitName: string | null;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "网格员王芳" / "grid worker 王芳", "城管办的小刘" / "小刘 of 城管办", or the unit's name alone. */
export function handlerName(h: Handler): Message {
  if (h.unitName !== null) {
    return h.name === null ? { zh: h.unitName, en: h.unitName } : { zh: `${h.unitName}的${h.name}`, en: `${h.name} of ${h.unitName}` };
  }
  const label = h.role === null ? undefined : roleDefinition(h.role)?.label;
  const name = h.name ?? '';
  return label ? { zh: `${label.zh}${name}`, en: `${lowerFirst(label.en)} ${name}`.trim() } : { zh: name, en: name };
}

/** To the reporter when the request is dispatched (派单): to whom. */
export function dispatchedNotice(request: { title: string }, handler: Handler): RequestNotice {
  const who = handlerName(handler);
  return {
    kind: 'request.dispatched',
    title: `您的诉求已派单给${who.zh}：${request.title}`,
    en: { title: `Your request has been dispatched to ${who.en}: ${request.title}` },
    audience: 'resident',
  };
}

/** To the reporter when the handler takes it (接单). */
export function takenNotice(request: { title: string }, handler: Handler): RequestNotice {
  const who = handlerName(handler);
  return {
    kind: 'request.taken',
    title: `${who.zh}已接单：${request.title}`,
    en: { title: `${upperFirst(who.en)} has taken your request: ${request.title}` },
    audience: 'resident',
  };
}

/** A request transferred (转办) here: to the unit's handlers as a dispatch, or to the place's dispatchers as new. */
export function transferredNotice(request: { number: string; title: string }, audience: 'worker' | 'staff'): RequestNotice {
  return {
    kind: audience === 'worker' ? 'request.dispatched' : 'request.submitted',
    title: `转办来的诉求 ${request.number}`,
    body: request.title,
    en: { title: `Request transferred to you: ${request.number}`, body: request.title },
    audience,
  };
}

/** To the reporter when the request is transferred (转办): which unit or place handles it now. */
export function transferredToReporterNotice(request: { title: string }, targetName: string): RequestNotice {
  return {
    kind: 'request.transferred',
    title: `您的诉求已转交${targetName}办理：${request.title}`,
    en: { title: `Your request has been passed on to ${targetName}: ${request.title}` },
    audience: 'resident',
  };
}

/** 督办: to the admins of the level the request reached, and to its handler. */
export function escalationNotices(
  request: { number: string; title: string },
  kind: 'response' | 'resolution',
  target: { name: string },
  data: Record<string, unknown>,
): { supervisors: RequestNotice; handler: RequestNotice } {
  const what = kind === 'response' ? '超时未响应' : '超期未办结';
  const whatEn = kind === 'response' ? 'overdue for a response' : 'overdue and not resolved';
  return {
    supervisors: {
      kind: 'request.escalated',
      title: `督办：${request.number} ${what}`,
      body: request.title,
      en: { title: `Escalation: ${request.number} is ${whatEn}`, body: request.title },
      audience: 'staff',
      data,
    },
    handler: {
      kind: 'request.escalated',
      title: `您的工单已被督办：${request.number}`,
      body: `${what}，已上报${target.name}`,
      en: { title: `Your task has been escalated: ${request.number}`, body: `${upperFirst(whatEn)}; reported to ${target.name}` },
      audience: 'worker',
      data,
    },
  };
}

import type { Principal } from '../../platform/access.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { auditScope } from './audit.policy.js';
import * as repo from './audit.repo.js';
import type { AuditItem, AuditQuery } from './audit.schema.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const CHINA_OFFSET = '+08:00';

function realDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/**
 * "2026-03-02" is that whole day in China time; an instant without a zone is China time too.
 * Returns the inclusive start (`from`) or the exclusive end (`to`).
 */
export function parseBound(raw: string, bound: 'from' | 'to'): Date {
  const text = raw.trim();
  const day = DAY.exec(text);
  const instant = day ? null : INSTANT.exec(text);
  const parts = day ?? instant;
  if (parts && realDate(parts[1]!, parts[2]!, parts[3]!)) {
    if (day) {
      const start = new Date(`${text}T00:00:00${CHINA_OFFSET}`);
      return bound === 'from' ? start : new Date(start.getTime() + 86_400_000);
    }
    const zone = instant![7];
    const local = text.slice(0, text.length - (zone?.length ?? 0)).replace(' ', 'T');
    const offset = !zone ? CHINA_OFFSET : /^[+-]\d{4}$/.test(zone) ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    const at = new Date(`${local}${offset}`);
    if (!Number.isNaN(at.getTime())) return bound === 'from' ? at : new Date(at.getTime() + 1);
  }
  throw errors.badRequest(
    'invalid_date',
    `${bound} 须为日期（如 2026-03-02）或时间（如 2026-03-02T09:00:00+08:00），收到“${raw}”`,
    `${bound} must be a date (2026-03-02) or a time (2026-03-02T09:00:00+08:00), got "${raw}"`,
  );
}

export async function listAudit(ctx: AppContext, principal: Principal, query: AuditQuery) {
  const from = query.from === undefined ? undefined : parseBound(query.from, 'from');
  const before = query.to === undefined ? undefined : parseBound(query.to, 'to');
  if (from && before && from >= before) {
    throw errors.badRequest('invalid_range', '开始时间须早于结束时间', 'from must be before to');
  }
  let node: { path: string } | undefined | null = null;
  if (query.nodeId !== undefined) {
    node = await repo.findNodePath(ctx.db, query.nodeId);
  }
  const scope = auditScope(principal, node);
  const { rows, total, totalCapped } = await repo.listEntries(
    ctx.db,
    {
      ...scope,
      action: query.action,
      actorId: query.actorId,
      objectType: query.objectType,
      objectId: query.objectId,
      from,
      before,
    },
    query.limit,
    query.offset,
  );
  const items: AuditItem[] = rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actorId === null ? null : { id: r.actorId, displayName: r.actorName ?? '' },
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    objectLabel: r.objectLabel,
    orgNodeId: r.orgNodeId,
    orgNodeName: r.orgNodeName,
    ip: r.ip,
    details: r.details,
  }));
  return { items, total, totalCapped };
}

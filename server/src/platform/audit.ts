import type { FastifyRequest } from 'fastify';
import type { DbOrTx } from '../db/client.js';
import { auditLog } from '../db/schema/platform.js';

/** Who and from where; taken from the request once and passed down to services. */
export interface ActorContext {
  userId: number | null;
  ip: string | null;
  userAgent: string | null;
}

export function actorOf(request: FastifyRequest): ActorContext {
  return {
    userId: request.principal?.userId ?? null,
    ip: request.ip ?? null,
    userAgent: (request.headers['user-agent'] ?? '').slice(0, 300) || null,
  };
}

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | number | null;
  orgNodeId?: number | null;
  details?: Record<string, unknown>;
}

/** Write an audit row. Pass the transaction that makes the change so both commit or neither does. */
export async function recordAudit(db: DbOrTx, actor: ActorContext, at: Date, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    at,
    actorUserId: actor.userId,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId == null ? null : String(entry.objectId),
    orgNodeId: entry.orgNodeId ?? null,
    ip: actor.ip,
    userAgent: actor.userAgent,
    details: entry.details ?? null,
  });
}

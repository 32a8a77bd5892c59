import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { orgNodes } from '../../db/schema/org.js';
import { open311Keys } from '../../db/schema/requests.js';
import { assertCan, assertVisible, inSubtrees, scopePaths, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { insertApiKey, newApiKey } from './open311.keys.js';
import { findNodeById } from './open311.repo.js';
import type { IssueKeyBody } from './open311.keys.schema.js';

/** Partner keys are managed by whoever configures requests at the node (county, town and community admins). */
const PERMISSION = 'requests.configure' as const;

const keyFields = {
  id: open311Keys.id,
  partnerName: open311Keys.partnerName,
  orgNodeId: open311Keys.orgNodeId,
  nodeName: orgNodes.name,
  nodePath: orgNodes.path,
  createdAt: open311Keys.createdAt,
  revokedAt: open311Keys.revokedAt,
};

function present(row: { id: number; partnerName: string; orgNodeId: number; nodeName: string; createdAt: Date; revokedAt: Date | null }) {
  return {
    id: row.id,
    partnerName: row.partnerName,
    orgNode: { id: row.orgNodeId, name: row.nodeName },
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
  };
}

async function nodeFor(ctx: AppContext, principal: Principal, nodeId: number) {
  const node = await findNodeById(ctx.db, nodeId);
  if (!node) throw errors.notFound(undefined, { zh: '找不到该组织节点', en: 'No such org node' });
  assertCan(principal, PERMISSION, node.path);
  return node;
}

export async function listKeys(ctx: AppContext, principal: Principal, nodeId: number | undefined) {
  const paths = nodeId === undefined ? scopePaths(principal, PERMISSION) : [(await nodeFor(ctx, principal, nodeId)).path];
  if (paths.length === 0) throw errors.forbidden();
  const rows = await ctx.db
    .select(keyFields)
    .from(open311Keys)
    .innerJoin(orgNodes, eq(orgNodes.id, open311Keys.orgNodeId))
    .where(inSubtrees(orgNodes.path, paths))
    .orderBy(sql`${open311Keys.revokedAt} is not null`, desc(open311Keys.createdAt));
  return { items: rows.map(present) };
}

export async function issueKey(ctx: AppContext, principal: Principal, actor: ActorContext, body: IssueKeyBody) {
  const node = await nodeFor(ctx, principal, body.nodeId);
  if (node.kind === 'department' || node.kind === 'building' || node.kind === 'unit') {
    throw errors.badRequest('open311_key_node_invalid', '合作方密钥只能绑定到区划节点（旗县区、街道、社区或网格）', 'A partner key is tied to a place (county, town, community or grid), not to a department or building');
  }
  const now = ctx.clock.now();
  const key = newApiKey();
  const row = await ctx.db.transaction(async (tx) => {
    const inserted = await insertApiKey(tx, key, body.partnerName.trim(), node.id, now);
    await recordAudit(tx, actor, now, {
      action: 'open311.key_issue',
      objectType: 'open311_key',
      objectId: inserted!.id,
      orgNodeId: node.id,
      details: { partnerName: inserted!.partnerName },
    });
    return inserted!;
  });
  return { ...present({ ...row, nodeName: node.name }), key };
}

export async function revokeKey(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const [row] = await ctx.db.select(keyFields).from(open311Keys).innerJoin(orgNodes, eq(orgNodes.id, open311Keys.orgNodeId)).where(eq(open311Keys.id, id));
  if (!row) throw errors.notFound();
  assertVisible(principal, row.nodePath);
  assertCan(principal, PERMISSION, row.nodePath);
  const now = ctx.clock.now();
  const revoked = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(open311Keys)
      .set({ revokedAt: now })
      .where(and(eq(open311Keys.id, id), isNull(open311Keys.revokedAt)))
      .returning({ revokedAt: open311Keys.revokedAt });
    if (updated) {
      await recordAudit(tx, actor, now, { action: 'open311.key_revoke', objectType: 'open311_key', objectId: id, orgNodeId: row.orgNodeId, details: { partnerName: row.partnerName } });
    }
    return updated?.revokedAt ?? row.revokedAt;
  });
  return present({ ...row, revokedAt: revoked });
}

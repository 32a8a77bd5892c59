import { eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import { pointRules } from '../../db/schema/points.js';
import { assertCan, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { assertAny } from '../gridwork/gridwork.policy.js';
import { loadNode } from './points.scope.js';

/** Defaults when no node up the tree has a rule: 10 points an hour, nothing per activity, no caps, 24 months. */
export const DEFAULT_RULE = { perHour: 10, perActivity: 0, dailyCap: null, monthlyCap: null, expiryMonths: 24 } as const;

export interface PointRule {
  perHour: number;
  perActivity: number;
  dailyCap: number | null;
  monthlyCap: number | null;
  expiryMonths: number;
}

export interface RuleInForce extends PointRule {
  /** The node whose rule it is (null: the defaults). */
  fromNodeId: number | null;
  fromNodeName: string | null;
}

/** The nearest rule up the tree from a node (the node's own first). */
export async function ruleAt(db: DbOrTx, nodeId: number): Promise<RuleInForce> {
  const [row] = await queryRows<{
    per_hour: number;
    per_activity: number;
    daily_cap: number | null;
    monthly_cap: number | null;
    expiry_months: number;
    node_id: number;
    name: string;
  }>(
    db,
    sql`select r.per_hour, r.per_activity, r.daily_cap, r.monthly_cap, r.expiry_months, r.node_id, a.name
        from point_rules r join org_nodes a on a.id = r.node_id
        where a.path @> (select n.path from org_nodes n where n.id = ${nodeId})
        order by nlevel(a.path) desc limit 1`,
  );
  if (!row) return { ...DEFAULT_RULE, fromNodeId: null, fromNodeName: null };
  return {
    perHour: row.per_hour,
    perActivity: row.per_activity,
    dailyCap: row.daily_cap,
    monthlyCap: row.monthly_cap,
    expiryMonths: row.expiry_months,
    fromNodeId: row.node_id,
    fromNodeName: row.name,
  };
}

/** Points the rule gives for `minutes` of service (whole points, rounded down), plus the activity's when there was one. */
export function servicePoints(rule: PointRule, minutes: number, withActivity: boolean): number {
  if (minutes <= 0) return 0;
  return Math.floor((minutes * rule.perHour) / 60) + (withActivity ? rule.perActivity : 0);
}

export interface RuleView {
  nodeId: number;
  inForce: RuleInForce;
  own: PointRule | null;
}

async function ownRule(db: DbOrTx, nodeId: number): Promise<PointRule | null> {
  const [row] = await db.select().from(pointRules).where(eq(pointRules.nodeId, nodeId));
  return row ? { perHour: row.perHour, perActivity: row.perActivity, dailyCap: row.dailyCap, monthlyCap: row.monthlyCap, expiryMonths: row.expiryMonths } : null;
}

export async function getRule(ctx: AppContext, principal: Principal, nodeId: number): Promise<RuleView> {
  const node = await loadNode(ctx.db, nodeId);
  assertAny(principal, ['volunteers.configure', 'points.manage', 'volunteers.read'], node.path);
  return { nodeId, inForce: await ruleAt(ctx.db, nodeId), own: await ownRule(ctx.db, nodeId) };
}

export async function setRule(ctx: AppContext, principal: Principal, actor: ActorContext, body: PointRule & { nodeId: number }): Promise<RuleView> {
  const node = await loadNode(ctx.db, body.nodeId);
  assertCan(principal, 'volunteers.configure', node.path);
  const now = ctx.clock.now();
  const values = {
    perHour: body.perHour,
    perActivity: body.perActivity,
    dailyCap: body.dailyCap,
    monthlyCap: body.monthlyCap,
    expiryMonths: body.expiryMonths,
    updatedBy: actor.userId,
    updatedAt: now,
  };
  await ctx.db.transaction(async (tx) => {
    await tx.insert(pointRules).values({ nodeId: body.nodeId, ...values }).onConflictDoUpdate({ target: pointRules.nodeId, set: values });
    await recordAudit(tx, actor, now, { action: 'points.rule_set', objectType: 'point_rule', objectId: body.nodeId, orgNodeId: body.nodeId, details: { ...values, updatedAt: undefined } });
  });
  return getRule(ctx, principal, body.nodeId);
}

export async function deleteRule(ctx: AppContext, principal: Principal, actor: ActorContext, nodeId: number): Promise<RuleView> {
  const node = await loadNode(ctx.db, nodeId);
  assertCan(principal, 'volunteers.configure', node.path);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.delete(pointRules).where(eq(pointRules.nodeId, nodeId));
    await recordAudit(tx, actor, now, { action: 'points.rule_delete', objectType: 'point_rule', objectId: nodeId, orgNodeId: nodeId });
  });
  return getRule(ctx, principal, nodeId);
}

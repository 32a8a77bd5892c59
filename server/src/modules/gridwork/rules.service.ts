import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { visitRules } from '../../db/schema/gridwork.js';
import { orgNodes } from '../../db/schema/org.js';
import { careTags } from '../../db/schema/registry.js';
import { assertCan, assertVisible, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { canAny, loadPlace, pathIds } from './gridwork.policy.js';
import type { RuleBody } from './gridwork.schema.js';

/**
 * Visit rules 走访规则: set at a node for a care tag, in force in its subtree; a nearer node's rule for the same tag
 * overrides. Reading: gridwork.read or registry.read; setting: registry.configure at the node.
 */

/** The defaults at the root region, next to the registry's default tags: 独居 weekly, 高龄 fortnightly, 低保 monthly. */
export const DEFAULT_RULES = [
  { code: 'living_alone', intervalDays: 7, overdueNoticeDays: 3 },
  { code: 'advanced_age', intervalDays: 14, overdueNoticeDays: 7 },
  { code: 'dibao', intervalDays: 30, overdueNoticeDays: 7 },
] as const;

/** Seed the default rules at each root node for its default tags, once (a rule already there is kept). */
export async function seedDefaultVisitRules(db: DbOrTx, now: Date): Promise<number> {
  const tags = await db
    .select({ id: careTags.id, nodeId: careTags.orgNodeId, code: careTags.code })
    .from(careTags)
    .innerJoin(orgNodes, eq(orgNodes.id, careTags.orgNodeId))
    .where(and(isNull(orgNodes.parentId), inArray(careTags.code, DEFAULT_RULES.map((r) => r.code))));
  if (tags.length === 0) return 0;
  const rows = tags.map((t) => {
    const rule = DEFAULT_RULES.find((r) => r.code === t.code)!;
    return { orgNodeId: t.nodeId, tagId: t.id, intervalDays: rule.intervalDays, overdueNoticeDays: rule.overdueNoticeDays, createdAt: now, updatedAt: now };
  });
  const inserted = await db.insert(visitRules).values(rows).onConflictDoNothing().returning({ id: visitRules.id });
  return inserted.length;
}

const ruleFields = {
  id: visitRules.id,
  orgNodeId: visitRules.orgNodeId,
  nodeName: orgNodes.name,
  depth: orgNodes.depth,
  tagId: careTags.id,
  code: careTags.code,
  tagName: careTags.name,
  nameEn: careTags.nameEn,
  intervalDays: visitRules.intervalDays,
  overdueNoticeDays: visitRules.overdueNoticeDays,
  updatedAt: visitRules.updatedAt,
};

/** The rules in force at a node (nearest node per tag) and the tags usable there. */
export async function listRules(ctx: AppContext, p: Principal, nodeId: number) {
  const place = await loadPlace(ctx.db, nodeId);
  if (!canAny(p, ['gridwork.read', 'registry.read', 'registry.configure'], place.path)) {
    assertVisible(p, place.path);
    throw errors.forbidden();
  }
  const chain = pathIds(place.path);
  const rows = await ctx.db
    .select(ruleFields)
    .from(visitRules)
    .innerJoin(orgNodes, eq(orgNodes.id, visitRules.orgNodeId))
    .innerJoin(careTags, eq(careTags.id, visitRules.tagId))
    .where(inArray(visitRules.orgNodeId, chain))
    .orderBy(sql`${orgNodes.depth} desc`);
  const seen = new Set<number>();
  const items = [];
  for (const r of rows) {
    if (seen.has(r.tagId)) continue;
    seen.add(r.tagId);
    items.push({
      id: r.id,
      node: { id: r.orgNodeId, name: r.nodeName },
      tag: { id: r.tagId, code: r.code, name: r.tagName, nameEn: r.nameEn },
      intervalDays: r.intervalDays,
      overdueNoticeDays: r.overdueNoticeDays,
      inherited: r.orgNodeId !== place.id,
      updatedAt: r.updatedAt.toISOString(),
    });
  }
  const tags = await ctx.db
    .select({ id: careTags.id, code: careTags.code, name: careTags.name, nameEn: careTags.nameEn })
    .from(careTags)
    .where(and(inArray(careTags.orgNodeId, chain), isNull(careTags.archivedAt)))
    .orderBy(careTags.sortOrder, careTags.id);
  items.sort((a, b) => a.tag.id - b.tag.id);
  return { items, tags };
}

export async function setRule(ctx: AppContext, p: Principal, actor: ActorContext, body: RuleBody) {
  const place = await loadPlace(ctx.db, body.nodeId);
  assertCan(p, 'registry.configure', place.path);
  const [tag] = await ctx.db
    .select({ id: careTags.id, nodeId: careTags.orgNodeId })
    .from(careTags)
    .where(and(eq(careTags.id, body.tagId), inArray(careTags.orgNodeId, pathIds(place.path))));
  if (!tag) throw errors.badRequest('visit_rule_tag_invalid', '该标签不能在此处使用', 'This tag is not used at this place');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [saved] = await tx
      .insert(visitRules)
      .values({ orgNodeId: place.id, tagId: tag.id, intervalDays: body.intervalDays, overdueNoticeDays: body.overdueNoticeDays, updatedBy: p.userId, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [visitRules.orgNodeId, visitRules.tagId],
        set: { intervalDays: body.intervalDays, overdueNoticeDays: body.overdueNoticeDays, updatedBy: p.userId, updatedAt: now },
      })
      .returning({ id: visitRules.id });
    await recordAudit(tx, actor, now, {
      action: 'visit_rule.set',
      objectType: 'visit_rule',
      objectId: saved!.id,
      orgNodeId: place.id,
      details: { tagId: tag.id, intervalDays: body.intervalDays, overdueNoticeDays: body.overdueNoticeDays },
    });
  });
  return listRules(ctx, p, place.id);
}

/** Remove a node's own rule: the ancestors' rule (if any) applies again. */
export async function deleteRule(ctx: AppContext, p: Principal, actor: ActorContext, id: number) {
  const [rule] = await ctx.db.select({ id: visitRules.id, nodeId: visitRules.orgNodeId, tagId: visitRules.tagId }).from(visitRules).where(eq(visitRules.id, id));
  if (!rule) throw errors.notFound();
  const place = await loadPlace(ctx.db, rule.nodeId);
  assertCan(p, 'registry.configure', place.path);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.delete(visitRules).where(eq(visitRules.id, id));
    await recordAudit(tx, actor, now, { action: 'visit_rule.delete', objectType: 'visit_rule', objectId: id, orgNodeId: place.id, details: { tagId: rule.tagId } });
  });
  return listRules(ctx, p, place.id);
}

import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { volunteerStarSettings } from '../../db/schema/volunteerRecords.js';
import { isUnder, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { assertConfigureAt, assertReadAt, nodeOr404 } from './access.js';
import { volunteerErrors } from './errors.js';
import type { Stars } from './volunteers.schema.js';

/** 星级: stars by confirmed hours; thresholds per region, the most specific setting up the tree wins. */
export const DEFAULT_STAR_HOURS = [100, 300, 600, 1000, 1500] as const;

export interface StarRule {
  thresholdsHours: number[];
  nodeId: number | null;
}

/** Every setting at or above any of these paths (settings are few: one per region that changes them). */
export async function starRulesFor(db: DbOrTx, paths: string[]): Promise<(path: string) => StarRule> {
  const unique = [...new Set(paths)];
  const rows = unique.length
    ? await db
        .select({ nodeId: volunteerStarSettings.nodeId, thresholdsHours: volunteerStarSettings.thresholdsHours, path: sql<string>`${orgNodes.path}::text` })
        .from(volunteerStarSettings)
        .innerJoin(orgNodes, eq(orgNodes.id, volunteerStarSettings.nodeId))
        .where(sql`${orgNodes.path} @> any(array[${sql.join(unique.map((p) => sql`${p}::ltree`), sql`, `)}])`)
    : [];
  return (path) => {
    let best: { nodeId: number; thresholdsHours: number[]; depth: number } | undefined;
    for (const r of rows) {
      if (!isUnder(path, r.path)) continue;
      const depth = r.path.split('.').length;
      if (!best || depth > best.depth) best = { nodeId: r.nodeId, thresholdsHours: r.thresholdsHours, depth };
    }
    return best ? { thresholdsHours: best.thresholdsHours, nodeId: best.nodeId } : { thresholdsHours: [...DEFAULT_STAR_HOURS], nodeId: null };
  };
}

export function starsOf(minutes: number, rule: StarRule): Stars {
  const t = rule.thresholdsHours;
  const stars = t.filter((h) => minutes >= h * 60).length;
  const hours = Math.floor(minutes / 6) / 10;
  const next = stars < t.length ? t[stars]! : null;
  const prev = stars > 0 ? t[stars - 1]! : 0;
  const progress = next === null ? 100 : Math.max(0, Math.min(99, Math.floor(((minutes - prev * 60) * 100) / ((next - prev) * 60))));
  return {
    stars,
    hours,
    thresholdsHours: [...t],
    settingNodeId: rule.nodeId,
    nextStar: next === null ? null : stars + 1,
    hoursToNext: next === null ? null : Math.ceil((next * 60 - minutes) / 6) / 10,
    progressPercent: progress,
  };
}

export async function getStarSetting(ctx: AppContext, principal: Principal, nodeId: number) {
  const node = await nodeOr404(ctx.db, nodeId);
  assertReadAt(principal, node.path);
  return presentSetting(ctx.db, node.id, node.path);
}

async function presentSetting(db: DbOrTx, nodeId: number, path: string) {
  const rule = (await starRulesFor(db, [path]))(path);
  const source = rule.nodeId ? await nodeOr404(db, rule.nodeId) : null;
  return { nodeId, thresholdsHours: rule.thresholdsHours, settingNodeId: rule.nodeId, settingNodeName: source?.name ?? null, isDefault: rule.nodeId === null };
}

export async function putStarSetting(ctx: AppContext, principal: Principal, actor: ActorContext, body: { nodeId: number; thresholdsHours: number[] }) {
  const node = await nodeOr404(ctx.db, body.nodeId);
  assertConfigureAt(principal, node.path);
  const t = body.thresholdsHours;
  if (t.length !== 5 || t.some((h, i) => !Number.isInteger(h) || h < 1 || (i > 0 && h <= t[i - 1]!))) throw volunteerErrors.thresholdsInvalid();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(volunteerStarSettings)
      .values({ nodeId: node.id, thresholdsHours: t, updatedBy: principal.userId, updatedAt: now })
      .onConflictDoUpdate({ target: volunteerStarSettings.nodeId, set: { thresholdsHours: t, updatedBy: principal.userId, updatedAt: now } });
    await recordAudit(tx, actor, now, { action: 'volunteer.stars.configure', objectType: 'org_node', objectId: node.id, orgNodeId: node.id, details: { thresholdsHours: t } });
  });
  return presentSetting(ctx.db, node.id, node.path);
}

/** Remove a node's own setting: the one above (or the defaults) applies again. */
export async function deleteStarSetting(ctx: AppContext, principal: Principal, actor: ActorContext, nodeId: number) {
  const node = await nodeOr404(ctx.db, nodeId);
  assertConfigureAt(principal, node.path);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.delete(volunteerStarSettings).where(eq(volunteerStarSettings.nodeId, node.id));
    await recordAudit(tx, actor, now, { action: 'volunteer.stars.reset', objectType: 'org_node', objectId: node.id, orgNodeId: node.id });
  });
  return presentSetting(ctx.db, node.id, node.path);
}

import { REQUEST_PRIORITIES, type LimitUnit } from '../../../db/schema/requests.js';
import { assertCan, assertVisible, can, type Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import * as configRepo from '../config/repo.js';
import { DEFAULT_LIMITS, DEFAULT_ON_SITE, pickLimits, type LimitSpec } from './compute.js';
import { pathIds } from '../core/notify.js';
import { findNode } from '../core/repo.js';
import type { PutTimeLimitBody } from '../config/schema.js';

/**
 * Time limits per node, category and priority. Reading them needs only sight of the node; setting them needs
 * requests.configure there. A row applies to the node's subtree; the most specific wins (requests/deadlines/compute.ts).
 */

/** Upper bounds that keep a limit meaningful: a year in minutes, a year of working days. */
const MAX_AMOUNT: Record<LimitUnit, number> = { calendar_minutes: 525_600, working_minutes: 525_600, working_days: 250 };

function presentRow(row: configRepo.TimeLimitRow, nodeName: string, atNode: boolean) {
  return {
    id: row.id,
    node: { id: row.orgNodeId, name: nodeName },
    categoryId: row.categoryId,
    priority: row.priority,
    response: { amount: row.responseAmount, unit: row.responseUnit },
    resolution: { amount: row.resolutionAmount, unit: row.resolutionUnit },
    onSite: row.onSiteAmount !== null && row.onSiteUnit !== null ? { amount: row.onSiteAmount, unit: row.onSiteUnit } : null,
    inherited: !atNode,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listTimeLimits(ctx: AppContext, principal: Principal, nodeId: number) {
  const node = await findNode(ctx.db, nodeId);
  if (!node) throw errors.notFound();
  assertVisible(principal, node.path);
  const ids = pathIds(node.path);
  const rows = await configRepo.limitRowsOnPath(ctx.db, ids);
  // What applies at this node to a request of any category, per priority.
  const effective = REQUEST_PRIORITIES.map((priority) => ({
    priority,
    ...pickLimits(
      rows
        .filter((r) => r.limit.priority === priority && r.limit.categoryId === null)
        .map((r) => ({
          nodeDepth: r.nodeDepth,
          categoryRank: 0,
          responseAmount: r.limit.responseAmount,
          responseUnit: r.limit.responseUnit,
          resolutionAmount: r.limit.resolutionAmount,
          resolutionUnit: r.limit.resolutionUnit,
          onSiteAmount: r.limit.onSiteAmount,
          onSiteUnit: r.limit.onSiteUnit,
        })),
      priority,
    ),
  }));
  return {
    node: { id: node.id, name: node.name },
    defaults: REQUEST_PRIORITIES.map((priority) => ({ priority, ...DEFAULT_LIMITS[priority], onSite: DEFAULT_ON_SITE })),
    effective,
    items: rows.map((r) => presentRow(r.limit, r.nodeName, r.limit.orgNodeId === node.id)),
    actions: { configure: can(principal, 'requests.configure', node.path) },
  };
}

function checkSpec(field: string, spec: LimitSpec): void {
  const max = MAX_AMOUNT[spec.unit];
  if (spec.amount < 1 || spec.amount > max) {
    throw errors.badRequest(
      'time_limit_out_of_range',
      `${field} 的时长应在 1 到 ${max} 之间（单位：${spec.unit}）`,
      `${field} must be between 1 and ${max} (${spec.unit})`,
      { field, max, unit: spec.unit },
    );
  }
}

/** Minutes a spec stands for, roughly (a working day as 7 hours), to compare response and resolution limits. */
function roughMinutes(spec: LimitSpec): number {
  return spec.unit === 'working_days' ? spec.amount * 7 * 60 : spec.amount;
}

export async function putTimeLimit(ctx: AppContext, principal: Principal, actor: ActorContext, body: PutTimeLimitBody) {
  const node = await findNode(ctx.db, body.nodeId);
  if (!node) throw errors.notFound();
  assertCan(principal, 'requests.configure', node.path);
  checkSpec('response', body.response);
  checkSpec('resolution', body.resolution);
  if (body.onSite) checkSpec('onSite', body.onSite);
  if (roughMinutes(body.response) > roughMinutes(body.resolution)) {
    throw errors.badRequest(
      'time_limit_response_after_resolution',
      '响应时限不能长于办结时限',
      'The response limit cannot be longer than the resolution limit',
    );
  }
  if (body.categoryId != null) {
    const category = await configRepo.findUsableCategory(ctx.db, pathIds(node.path), { id: body.categoryId });
    if (!category)
      throw errors.badRequest(
        'category_unknown',
        '诉求分类不存在或在该节点不可用',
        'The category does not exist or is not usable at this node',
      );
  }
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const row = await configRepo.upsertTimeLimit(tx, {
      orgNodeId: node.id,
      categoryId: body.categoryId ?? null,
      priority: body.priority,
      responseAmount: body.response.amount,
      responseUnit: body.response.unit,
      resolutionAmount: body.resolution.amount,
      resolutionUnit: body.resolution.unit,
      onSiteAmount: body.onSite?.amount ?? null,
      onSiteUnit: body.onSite?.unit ?? null,
      updatedBy: principal.userId,
      updatedAt: now,
    });
    await recordAudit(tx, actor, now, {
      action: 'request_time_limit.put',
      objectType: 'request_time_limit',
      objectId: row.id,
      orgNodeId: node.id,
      details: {
        categoryId: row.categoryId,
        priority: row.priority,
        response: body.response,
        resolution: body.resolution,
        onSite: body.onSite ?? null,
      },
    });
    return presentRow(row, node.name, true);
  });
}

export async function deleteTimeLimit(ctx: AppContext, principal: Principal, actor: ActorContext, id: number): Promise<void> {
  const found = await configRepo.findTimeLimit(ctx.db, id);
  if (!found) throw errors.notFound();
  assertCan(principal, 'requests.configure', found.nodePath);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await configRepo.deleteTimeLimit(tx, id);
    await recordAudit(tx, actor, now, {
      action: 'request_time_limit.delete',
      objectType: 'request_time_limit',
      objectId: id,
      orgNodeId: found.limit.orgNodeId,
      details: { categoryId: found.limit.categoryId, priority: found.limit.priority },
    });
  });
}

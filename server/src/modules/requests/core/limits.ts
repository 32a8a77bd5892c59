import type { DbOrTx } from '../../../db/client.js';
import type { RequestPriority } from '../../../db/schema/requests.js';
import { loadWorkCalendar } from '../../../platform/calendar.js';
import { errors } from '../../../platform/errors.js';
import type { NationalCalendar } from '../../../platform/nationalCalendar.js';
import { findCategory, findUsableCategory, limitRowsFor } from '../config/repo.js';
import { computeDeadlines, Deadlines, pickLimits, reminderFor, type Limits } from '../deadlines/compute.js';
import { pathIds } from './notify.js';
import type { RequestPatch, RequestRow } from './repo.js';

/** The limits and the working calendar that apply to a request at a node (two queries; the national calendar is cached). */
export async function loadLimits(
  db: DbOrTx,
  node: { id: number; path: string },
  priority: RequestPriority,
  categoryId: number | null,
  options: { national?: NationalCalendar } = {},
): Promise<{ limits: Limits; deadlines: Deadlines }> {
  const category = categoryId === null ? undefined : await findCategory(db, categoryId);
  const [rows, calendar] = await Promise.all([
    limitRowsFor(db, pathIds(node.path), priority, categoryId, category?.parentId ?? null),
    loadWorkCalendar(db, node.id, options),
  ]);
  return { limits: pickLimits(rows, priority), deadlines: new Deadlines(calendar) };
}

/** A leaf category usable at the node, or a 400 saying why not. */
export async function usableLeafCategory(db: DbOrTx, nodePath: string, categoryId: number) {
  const found = await findUsableCategory(db, pathIds(nodePath), { id: categoryId });
  if (!found || !found.category.active) {
    throw errors.badRequest('category_unknown', '诉求分类不存在或已停用', 'The category does not exist or is no longer in use', {
      id: categoryId,
    });
  }
  if (found.hasChildren) {
    throw errors.badRequest(
      'category_not_leaf',
      `“${found.category.name}”是大类，请选择其下的具体分类`,
      `"${found.category.nameEn}" is a group; pick one of its categories`,
      {
        id: categoryId,
      },
    );
  }
  return found.category;
}

/**
 * A dispatcher changes the category or priority while accepting or dispatching: the deadlines are counted again
 * from the time received. A response already made keeps its deadline (it decided whether it was on time).
 */
export async function reclassify(
  db: DbOrTx,
  row: RequestRow,
  nodePath: string,
  change: { categoryId?: number | null; priority?: RequestPriority },
): Promise<RequestPatch> {
  const categoryId = change.categoryId === undefined ? row.categoryId : change.categoryId;
  const priority = change.priority ?? row.priority;
  if (categoryId === row.categoryId && priority === row.priority) return {};
  if (categoryId !== null && categoryId !== row.categoryId) await usableLeafCategory(db, nodePath, categoryId);
  const { limits, deadlines } = await loadLimits(db, { id: row.orgNodeId, path: nodePath }, priority, categoryId);
  const d = computeDeadlines(deadlines, row.receivedAt, limits, row.channel);
  return {
    categoryId,
    priority,
    ...(row.respondedAt ? {} : { responseDueAt: d.responseDueAt }),
    resolutionDueAt: d.resolutionDueAt,
    reminderAt: d.reminderAt,
    reminderSentAt: null,
    nextEscalationAt: row.escalationLevel === 0 ? d.resolutionDueAt : row.nextEscalationAt,
    limitClock: d.limitClock,
    deadlineEstimated: d.estimated,
  };
}

/** A reopened request gets its resolution limit afresh from the moment it was reopened. */
export async function deadlinesFromNow(db: DbOrTx, row: RequestRow, nodePath: string, now: Date): Promise<RequestPatch> {
  const { limits, deadlines } = await loadLimits(db, { id: row.orgNodeId, path: nodePath }, row.priority, row.categoryId);
  const resolution = deadlines.add(now, limits.resolution);
  return {
    resolutionDueAt: resolution.at,
    reminderAt: reminderFor(deadlines, now, resolution.at, limits.resolution.unit),
    reminderSentAt: null,
    nextEscalationAt: resolution.at,
    escalationLevel: 0,
    limitClock: limits.resolution.unit === 'calendar_minutes' ? 'calendar' : 'working',
    deadlineEstimated: row.deadlineEstimated || resolution.estimated,
  };
}

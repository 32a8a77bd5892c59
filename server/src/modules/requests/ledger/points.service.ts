import type { Principal } from '../../../platform/access.js';
import type { AppContext } from '../../../platform/context.js';
import { LEDGER_COUNT_CAP } from './repo.js';
import { resolveFilter } from './service.js';
import * as repo from './points.repo.js';
import type { PointsQuery, PointsReply } from './points.schema.js';

/**
 * Requests as points for a map, scoped and filtered exactly as the ledger (requests.read subtrees; a node out of
 * reach is 404, visible without requests.read is 403).
 */
export async function listPoints(ctx: AppContext, principal: Principal, query: PointsQuery): Promise<PointsReply> {
  const filter = await resolveFilter(ctx, principal, { ...query, sort: 'received' }, ctx.clock.now());
  const [rows, withoutPoint] = await Promise.all([
    repo.pointsMatching(ctx.db, filter, query.limit),
    repo.countWithoutPoint(ctx.db, filter, LEDGER_COUNT_CAP),
  ]);
  return {
    items: rows.slice(0, query.limit).map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      status: r.status,
      priority: r.priority,
      overdue: Boolean(r.overdue),
      category: r.categoryId === null || r.categoryName === null ? null : { id: r.categoryId, name: r.categoryName, nameEn: r.categoryNameEn ?? '' },
      lng: r.lng!,
      lat: r.lat!,
      receivedAt: r.receivedAt.toISOString(),
    })),
    truncated: rows.length > query.limit,
    withoutPoint,
  };
}

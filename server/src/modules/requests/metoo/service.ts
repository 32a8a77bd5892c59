import { OPEN_STATUSES, type RequestStatus } from '../../../db/schema/requests.js';
import type { Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { findDuplicates } from '../suggest/duplicates.js';
import * as repo from './repo.js';
import type { NearbyQuery } from './schema.js';
import { canSee } from '../core/policy.js';
import { policyView } from '../core/present.js';
import { findView, lockRequest } from '../core/repo.js';
import { splitWords } from '../suggest/service.js';
import { leafCategoriesAt } from '../suggest/repo.js';
import { addWords, wordsOf } from '../suggest/text.js';

/**
 * 我也遇到 (me too): a resident sees the open shared problems of their community (street lights, drains, heating…;
 * never one person's own affairs) — category, place, status, never who reported them — and adds their "me too" instead of filing the same problem again. One row per resident and
 * request (primary key), the request's counter changed in the same transaction, so a double tap counts once.
 */

const isOpen = (status: RequestStatus) => (OPEN_STATUSES as readonly string[]).includes(status);

function present(p: Principal, row: repo.PublicRow, meToo: Set<number>, similarity: number | null = null) {
  return {
    id: Number(row.id),
    category: row.categoryName ? { name: row.categoryName, nameEn: row.categoryNameEn ?? row.categoryName } : null,
    place: row.buildingName ?? row.nodeName,
    status: row.status,
    receivedAt: row.receivedAt.toISOString(),
    meTooCount: row.meTooCount,
    meToo: meToo.has(Number(row.id)),
    mine: row.reporterUserId === p.userId || row.createdBy === p.userId,
    similarity,
  };
}

/** Open problems in the caller's community; with a category and a text, only those much like it (report page). */
export async function nearby(ctx: AppContext, p: Principal, query: NearbyQuery) {
  const community = await repo.communityOf(ctx.db, p.homeNodeId);
  if (!community) return { community: null, items: [] };
  let items: ReturnType<typeof present>[];
  if (query.categoryId !== undefined && query.text?.trim()) {
    const categories = await leafCategoriesAt(ctx.db, community.path.split('.').map(Number));
    const keywords = categories.flatMap((c) => [...splitWords(c.name, c.keywords), ...(c.parentName ? splitWords(c.parentName, c.parentKeywords ?? []) : [])]);
    addWords(keywords);
    const singleChar = new Set(keywords.filter((k) => [...k].length === 1));
    const hasPoint = query.lng !== undefined && query.lat !== undefined;
    const found = await findDuplicates(
      ctx.db,
      {
        id: 0,
        categoryId: query.categoryId,
        receivedAt: ctx.clock.now(),
        lng: hasPoint ? query.lng! : null,
        lat: hasPoint ? query.lat! : null,
        buildingNodeId: query.buildingNodeId ?? null,
        words: wordsOf(query.text, singleChar),
      },
      [community.path],
      singleChar,
    );
    const rows = new Map((await repo.openByIds(ctx.db, community.path, found.map((f) => f.id))).map((r) => [Number(r.id), r]));
    const mine = await repo.meTooOf(ctx.db, p.userId, [...rows.keys()]);
    items = found.filter((f) => rows.has(f.id)).slice(0, query.limit).map((f) => present(p, rows.get(f.id)!, mine, f.similarity));
  } else {
    const rows = await repo.openInCommunity(ctx.db, community.path, query.limit);
    const mine = await repo.meTooOf(ctx.db, p.userId, rows.map((r) => Number(r.id)));
    items = rows.map((r) => present(p, r, mine));
  }
  return { community: { id: community.id, name: community.name }, items };
}

/**
 * Who may say "me too": someone living in the request's community (their home node), on a shared problem, not its
 * reporter, while it is open. Otherwise 403 if the caller may see the request anyway (staff), else 404.
 */
async function checkMeToo(ctx: AppContext, p: Principal, id: number) {
  const view = await findView(ctx.db, id);
  if (!view) throw errors.notFound();
  const community = await repo.communityOf(ctx.db, p.homeNodeId);
  const inCommunity = community !== undefined && (view.nodePath === community.path || view.nodePath.startsWith(`${community.path}.`));
  // A neighbour sees only shared problems (SHARED_GROUPS); one person's own affairs stay out of their reach.
  if (!inCommunity || !(await repo.isShared(ctx.db, id))) throw canSee(p, policyView(view)) ? errors.forbidden() : errors.notFound();
  const r = view.request;
  if (r.reporterUserId === p.userId || r.createdBy === p.userId) {
    throw errors.conflict('me_too_own_request', '这是您自己反映的问题，无需再点“我也遇到”', 'This is your own report; you cannot add "me too" to it');
  }
  return view;
}

const closed = () =>
  errors.conflict('me_too_closed', '该问题已办结或关闭，不能再点“我也遇到”', 'This problem is no longer open; "me too" is closed');

async function change(ctx: AppContext, p: Principal, actor: ActorContext, id: number, add: boolean) {
  const view = await checkMeToo(ctx, p, id);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // The same lock as every workflow step: "me too" never lands on a request a step is closing.
    const row = await lockRequest(tx, id);
    if (!row) throw errors.notFound();
    if (!isOpen(row.status)) throw closed();
    const changed = add ? await repo.addMeToo(tx, id, p.userId, now) : await repo.removeMeToo(tx, id, p.userId);
    const count = changed ? await repo.bumpCount(tx, id, add ? 1 : -1, now) : row.meTooCount;
    if (changed) {
      await recordAudit(tx, actor, now, {
        action: add ? 'request.me_too' : 'request.me_too_withdraw',
        objectType: 'request',
        objectId: id,
        orgNodeId: view.request.orgNodeId,
        details: { number: row.number },
      });
    }
    return { id, meTooCount: count, meToo: add };
  });
}

export const addMeToo = (ctx: AppContext, p: Principal, actor: ActorContext, id: number) => change(ctx, p, actor, id, true);
export const withdrawMeToo = (ctx: AppContext, p: Principal, actor: ActorContext, id: number) => change(ctx, p, actor, id, false);

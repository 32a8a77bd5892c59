import type { Principal } from '../../../platform/access.js';
import { can, scopePaths } from '../../../platform/access.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { duplicateBasis, findDuplicates } from './duplicates.js';
import { assertCanSee } from '../core/policy.js';
import { policyView } from '../core/present.js';
import { findView } from '../core/repo.js';
import { buildModel, scoreCategories, type CategoryInfo } from './model.js';
import { categorizedHistory, kindsOf, leafCategoriesAt } from './repo.js';
import { addWords, wordsOf } from './text.js';

/**
 * How many of the community's newest categorized requests the suggestion learns from. The model is built on
 * demand from them (one indexed query, ~1 ms of segmentation per hundred requests), so it always reflects the
 * dispatchers' latest corrections, costs the same at 10 thousand or 10 million requests, and needs no counters
 * kept in step with every dispatch, transfer and re-categorisation.
 */
export const HISTORY_LIMIT = 500;

export const splitWords = (name: string, keywords: string[]) => [...new Set([...keywords, name].map((k) => k.trim().toLowerCase()).filter(Boolean))];

/** The community a node belongs to (the node itself above community level): the learning scope. */
async function communityPathOf(ctx: AppContext, nodePath: string): Promise<string> {
  const nodes = await kindsOf(ctx.db, nodePath.split('.').map(Number));
  const community = nodes.find((n) => n.kind === 'community');
  return community?.path ?? nodePath;
}

export async function suggestionsFor(ctx: AppContext, principal: Principal, id: number) {
  const view = await findView(ctx.db, id);
  if (!view) throw errors.notFound();
  assertCanSee(principal, policyView(view));
  if (!can(principal, 'requests.dispatch', view.nodePath)) throw errors.forbidden();
  const r = view.request;

  const rows = await leafCategoriesAt(ctx.db, view.nodePath.split('.').map(Number));
  // Rows come in the tree's order (parent, then leaf); that order breaks ties.
  const categories: CategoryInfo[] = rows.map((c, i) => ({
    id: c.id,
    code: c.code,
    name: c.name,
    parentName: c.parentName,
    keywords: splitWords(c.name, c.keywords),
    parentKeywords: c.parentName ? splitWords(c.parentName, c.parentKeywords ?? []) : [],
    sortOrder: i,
  }));
  const allKeywords = categories.flatMap((c) => [...c.keywords, ...c.parentKeywords]);
  addWords(allKeywords);
  const singleChar = new Set(allKeywords.filter((k) => [...k].length === 1));
  const words = wordsOf(`${r.title}\n${r.content}`, singleChar);

  const history = await categorizedHistory(ctx.db, await communityPathOf(ctx, view.nodePath), r.id, HISTORY_LIMIT);
  const model = buildModel(history.map((h) => ({ categoryId: h.categoryId, words: wordsOf(`${h.title}\n${h.content}`, singleChar) })));
  const suggested = scoreCategories(words, categories, model);

  const top = suggested[0]?.category;
  // English names by category id (the scoring works on the Chinese names and keywords only).
  const english = new Map(rows.map((c) => [c.id, { nameEn: c.nameEn, parentNameEn: c.parentNameEn }]));
  const duplicateCategory =
    r.categoryId !== null
      ? { id: r.categoryId, name: view.categoryName ?? '', nameEn: view.categoryNameEn ?? '', suggested: false }
      : top
        ? { id: top.id, name: top.name, nameEn: english.get(top.id)?.nameEn ?? '', suggested: true }
        : null;
  const duplicates = duplicateCategory
    ? await findDuplicates(
        ctx.db,
        { id: r.id, categoryId: duplicateCategory.id, receivedAt: r.receivedAt, lng: r.lng, lat: r.lat, buildingNodeId: r.buildingNodeId, words },
        scopePaths(principal, 'requests.read'),
        singleChar,
      )
    : [];

  return {
    categories: suggested.map((s) => ({
      id: s.category.id,
      code: s.category.code,
      name: s.category.name,
      nameEn: english.get(s.category.id)?.nameEn ?? '',
      parentName: s.category.parentName,
      parentNameEn: english.get(s.category.id)?.parentNameEn ?? null,
      score: s.score,
      matchedKeywords: s.matchedKeywords,
      similarPast: s.similarPast,
    })),
    duplicates: duplicates.map((d) => ({ ...d, receivedAt: d.receivedAt.toISOString() })),
    basis: { words: [...new Set(words)], duplicateCategory, location: duplicateBasis(r), historySize: history.length },
  };
}

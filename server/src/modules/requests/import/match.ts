import { and, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { orgNodes } from '../../../db/schema/org.js';
import { requestCategories } from '../../../db/schema/requests.js';
import type { Message } from '../../../platform/errors.js';
import { leafCategoriesAt } from '../suggest/repo.js';

/**
 * Turning a hotline sheet's words into Lianxin's: its 类别 into one of our leaf categories, its 地址 into the
 * community (or town) under the importing office that the address names.
 */
export interface CategoryMatcher {
  match(text: string): { categoryId: number } | { warning: Message };
}

const SEPARATORS = /\s*[/／\\>＞\-－—|·]+\s*/;

export async function categoryMatcher(db: DbOrTx, pathIds: number[]): Promise<CategoryMatcher> {
  const leaves = await leafCategoriesAt(db, pathIds);
  const byName = new Map<string, number>();
  const byPath = new Map<string, number>();
  for (const leaf of leaves) {
    byName.set(leaf.name, leaf.id);
    byName.set(leaf.code, leaf.id);
    if (leaf.parentName) byPath.set(`${leaf.parentName}/${leaf.name}`, leaf.id);
  }
  const groups = await db
    .select({ name: requestCategories.name })
    .from(requestCategories)
    .where(sql`exists (select 1 from request_categories child where child.parent_id = ${requestCategories.id})`);
  const groupNames = new Set(groups.map((g) => g.name));
  return {
    match(text) {
      const parts = text.split(SEPARATORS).filter(Boolean);
      const leafName = parts.at(-1) ?? text;
      const id = byPath.get(parts.join('/')) ?? byName.get(text) ?? byName.get(leafName);
      if (id !== undefined) return { categoryId: id };
      if (groupNames.has(leafName)) {
        return {
          warning: {
            zh: `类别“${text}”是大类，已留待派单员选择具体类别`,
            en: `Category "${text}" is a group; left for the dispatcher to pick a category`,
          },
        };
      }
      return {
        warning: { zh: `类别“${text}”未能对应本系统的类别，已留待派单员选择`, en: `Category "${text}" matches none of ours; left for the dispatcher to pick` },
      };
    },
  };
}

/** At most this many place names are loaded for matching (a city's towns and communities fit easily). */
const MAX_PLACES = 20_000;

export interface PlaceMatcher {
  /** The deepest community or town under the office whose name the address contains (longest name on a tie). */
  match(address: string): number | null;
}

export async function placeMatcher(db: DbOrTx, underPath: string): Promise<PlaceMatcher> {
  const rows = await db
    .select({ id: orgNodes.id, name: orgNodes.name, depth: orgNodes.depth })
    .from(orgNodes)
    .where(and(sql`${orgNodes.path} <@ ${underPath}::ltree`, inArray(orgNodes.kind, ['town', 'community'])))
    .limit(MAX_PLACES);
  const places = rows.filter((r) => r.name.length >= 2).sort((a, b) => b.depth - a.depth || b.name.length - a.name.length || a.id - b.id);
  return {
    match(address) {
      if (!address) return null;
      return places.find((p) => address.includes(p.name))?.id ?? null;
    },
  };
}

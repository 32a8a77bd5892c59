import { and, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client.js';
import { requestCategories } from '../../../db/schema/requests.js';
import { assertCan, assertVisible, can, type Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { pgErrorCode } from '../../org/org.service.js';
import { DEFAULT_CATEGORIES } from './categories.data.js';
import * as configRepo from '../config/repo.js';
import { pathIds } from './notify.js';
import { findNode } from './repo.js';
import type { CategoryPatchBody, CreateCategoryBody } from '../config/schema.js';

/**
 * The category tree (two levels). Defaults (org_node_id null) come from code and are seeded on start; a node with
 * requests.configure adds its own categories for its subtree. Categories are never deleted — a request keeps its
 * category for the ledger — only switched off (`active: false`).
 */

/**
 * Insert the default categories that are missing, by code; leave existing ones (and admins' edits to them) alone.
 * Safe to run on every start and from two processes at once (the unique key decides).
 */
export async function seedDefaultCategories(db: Db): Promise<{ inserted: number }> {
  const expected = DEFAULT_CATEGORIES.reduce((n, c) => n + 1 + (c.children?.length ?? 0), 0);
  const [have] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from request_categories where org_node_id is null`);
  if (Number(have?.n ?? 0) >= expected) return { inserted: 0 };
  return db.transaction(async (tx) => {
    let inserted = 0;
    for (const [i, top] of DEFAULT_CATEGORIES.entries()) {
      inserted += await insertDefault(tx, top, null, i);
      const [parent] = await tx
        .select({ id: requestCategories.id })
        .from(requestCategories)
        .where(and(isNull(requestCategories.orgNodeId), sql`${requestCategories.code} = ${top.code}`));
      for (const [j, child] of (top.children ?? []).entries()) inserted += await insertDefault(tx, child, parent!.id, j);
    }
    return { inserted };
  });
}

async function insertDefault(
  tx: DbOrTx,
  c: { code: string; name: string; nameEn: string; keywords: string[] },
  parentId: number | null,
  sortOrder: number,
): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`insert into request_categories (parent_id, org_node_id, code, name, name_en, keywords, sort_order)
        values (${parentId}, null, ${c.code}, ${c.name}, ${c.nameEn}, ${sql.raw(textArray(c.keywords))}, ${sortOrder})
        on conflict (coalesce(org_node_id, 0), code) do nothing
        returning id`,
  );
  return rows.length;
}

/** A text[] literal; the keywords are our own constants (letters, CJK), quoted defensively all the same. */
function textArray(values: string[]): string {
  return `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}

export function presentCategory(row: configRepo.CategoryRow) {
  return {
    id: row.id,
    parentId: row.parentId,
    orgNodeId: row.orgNodeId,
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    keywords: row.keywords,
    active: row.active,
    sortOrder: row.sortOrder,
  };
}

async function visibleNode(ctx: AppContext, principal: Principal, nodeId: number) {
  const node = await findNode(ctx.db, nodeId);
  if (!node) throw errors.notFound();
  assertVisible(principal, node.path);
  return node;
}

/** The tree usable at a node, top-level categories with their children; configurers also see switched-off ones. */
export async function listCategories(ctx: AppContext, principal: Principal, query: { nodeId?: number; includeInactive?: boolean }) {
  const node = await visibleNode(ctx, principal, query.nodeId ?? principal.homeNodeId);
  const configure = can(principal, 'requests.configure', node.path);
  const rows = await configRepo.categoriesAt(ctx.db, pathIds(node.path), configure && query.includeInactive === true);
  const tops = rows.filter((r) => r.parentId === null);
  return {
    items: tops.map((t) => ({ ...presentCategory(t), children: rows.filter((r) => r.parentId === t.id).map(presentCategory) })),
    actions: { configure },
  };
}

/** Defaults are edited by configurers at the root of the tree; a node's own categories by configurers over that node. */
async function assertCanEditCategory(ctx: AppContext, principal: Principal, row: configRepo.CategoryRow): Promise<void> {
  if (row.orgNodeId === null) {
    if (!principal.roles.some((r) => !r.path.includes('.') && can(principal, 'requests.configure', r.path))) throw errors.forbidden();
    return;
  }
  const node = await findNode(ctx.db, row.orgNodeId);
  if (!node) throw errors.notFound();
  assertCan(principal, 'requests.configure', node.path);
}

export async function createCategory(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreateCategoryBody) {
  const node = await visibleNode(ctx, principal, body.nodeId);
  assertCan(principal, 'requests.configure', node.path);
  const ids = pathIds(node.path);
  if (body.parentId != null) {
    const parent = await configRepo.findUsableCategory(ctx.db, ids, { id: body.parentId });
    if (!parent)
      throw errors.badRequest(
        'category_parent_invalid',
        '上级分类不存在或在该节点不可用',
        'The parent category does not exist or is not usable at this node',
      );
    if (parent.category.parentId !== null) {
      throw errors.badRequest(
        'category_too_deep',
        '分类只有两级：二级分类下不能再建分类',
        'Categories have two levels; a second-level category cannot have children',
      );
    }
  }
  const code = body.code.trim().toLowerCase();
  const taken = () =>
    errors.conflict('category_code_taken', `分类编码 ${code} 已被使用`, `The category code ${code} is already in use`, { code });
  return ctx.db
    .transaction(async (tx) => {
      if (await configRepo.codeTaken(tx, ids, node.path, code)) throw taken();
      const row = await configRepo.insertCategory(tx, {
        parentId: body.parentId ?? null,
        orgNodeId: node.id,
        code,
        name: body.name.trim(),
        nameEn: body.nameEn.trim(),
        keywords: cleanKeywords(body.keywords),
        sortOrder: body.sortOrder ?? 100,
        updatedAt: ctx.clock.now(),
      });
      await recordAudit(tx, actor, ctx.clock.now(), {
        action: 'request_category.create',
        objectType: 'request_category',
        objectId: row.id,
        orgNodeId: node.id,
        details: { code, name: row.name, parentId: row.parentId },
      });
      return presentCategory(row);
    })
    .catch((err: unknown) => {
      // Two admins adding the same code at one node at once: the unique key lets one in.
      throw pgErrorCode(err) === '23505' ? taken() : err;
    });
}

export async function updateCategory(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: CategoryPatchBody) {
  const row = await configRepo.findCategory(ctx.db, id);
  if (!row) throw errors.notFound();
  await assertCanEditCategory(ctx, principal, row);
  const patch = {
    ...(body.name !== undefined ? { name: body.name.trim() } : {}),
    ...(body.nameEn !== undefined ? { nameEn: body.nameEn.trim() } : {}),
    ...(body.keywords !== undefined ? { keywords: cleanKeywords(body.keywords) } : {}),
    ...(body.active !== undefined ? { active: body.active } : {}),
    ...(body.sortOrder !== undefined ? { sortOrder: body.sortOrder } : {}),
    updatedAt: ctx.clock.now(),
  };
  return ctx.db.transaction(async (tx) => {
    const saved = await configRepo.updateCategory(tx, id, patch);
    await recordAudit(tx, actor, ctx.clock.now(), {
      action: 'request_category.update',
      objectType: 'request_category',
      objectId: id,
      orgNodeId: row.orgNodeId,
      details: { changes: body, previous: { name: row.name, nameEn: row.nameEn, active: row.active } },
    });
    return presentCategory(saved);
  });
}

function cleanKeywords(keywords: string[] | undefined): string[] {
  return [...new Set((keywords ?? []).map((k) => k.trim()).filter(Boolean))];
}

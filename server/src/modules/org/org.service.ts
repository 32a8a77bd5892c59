import { assertVisible, inSubtrees, scopePaths, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { looksLikePinyin } from '../../platform/pinyin.js';
import { orgNodes } from '../../db/schema/org.js';
import { polygonProblem } from './org.geometry.js';
import {
  assertCanEdit,
  assertCanManageUnder,
  assertChildKindFits,
  assertPolygonFits,
  assertSubkindFits,
  nodeActions,
} from './org.policy.js';
import * as repo from './org.repo.js';
import { rankByPinyin } from './org.search.js';
import type { ChildrenQuery, CreateNodeBody, PatchNodeBody, SearchQuery } from './org.schema.js';

export function presentNode(row: repo.NodeRow) {
  return {
    id: row.id,
    parentId: row.parentId,
    kind: row.kind,
    subkind: row.subkind,
    code: row.code,
    name: row.name,
    depth: row.depth,
    path: row.path,
    childCount: Number(row.childCount),
  };
}

export function presentNodeDetail(row: repo.NodeDetailRow) {
  return { ...presentNode(row), hasPolygon: row.polygon !== null, polygon: row.polygon };
}

/** Ids of the ancestors of a node, root first, from its materialized path. */
function ancestorIds(path: string): number[] {
  return path.split('.').slice(0, -1).map(Number);
}

function parentPathOf(path: string): string | null {
  const cut = path.lastIndexOf('.');
  return cut < 0 ? null : path.slice(0, cut);
}

/** A node the caller can see, or 404 (also when it does not exist). */
async function visibleNode(ctx: AppContext, principal: Principal, id: number) {
  const node = await repo.findNode(ctx.db, id);
  if (!node) throw errors.notFound();
  assertVisible(principal, node.path);
  return node;
}

export async function getNode(ctx: AppContext, principal: Principal, id: number) {
  const node = await visibleNode(ctx, principal, id);
  const ancestors = await repo.nodesByIds(ctx.db, ancestorIds(node.path));
  return {
    node: presentNodeDetail(node),
    ancestors: ancestors.map(presentNode),
    actions: nodeActions(principal, node, parentPathOf(node.path)),
  };
}

export async function listChildren(ctx: AppContext, principal: Principal, id: number, query: ChildrenQuery) {
  const node = await visibleNode(ctx, principal, id);
  const { items, total } = await repo.childrenOf(ctx.db, node.id, query.limit, query.offset);
  return { items: items.map(presentNode), total };
}

/** A pinyin query ranks more candidates than it returns, so whole-syllable matches can move up (org.search.ts). */
const PINYIN_CANDIDATES_PER_RESULT = 5;
const MAX_PINYIN_CANDIDATES = 250;

export async function search(ctx: AppContext, principal: Principal, query: SearchQuery) {
  const underPath = query.under === undefined ? undefined : (await visibleNode(ctx, principal, query.under)).path;
  const q = (query.q ?? '').trim();
  const pinyin = q && looksLikePinyin(q) ? q.toLowerCase().replace(/[\s']+/g, '') : '';
  const candidates = await repo.searchNodes(ctx.db, {
    namePattern: q ? `%${repo.escapeLike(q)}%` : null,
    exactName: q || null,
    pinyin: pinyin || null,
    kind: query.kind,
    scope: inSubtrees(orgNodes.path, scopePaths(principal)),
    underPath,
    limit: pinyin ? Math.min(query.limit * PINYIN_CANDIDATES_PER_RESULT, MAX_PINYIN_CANDIDATES) : query.limit,
  });
  const rows = pinyin ? rankByPinyin(candidates, pinyin, query.limit) : candidates;
  const names = await repo.namesByIds(ctx.db, [...new Set(rows.flatMap((r) => ancestorIds(r.path)))]);
  return {
    items: rows.map((r) => ({ ...presentNode(r), pathNames: ancestorIds(r.path).map((id) => names.get(id) ?? '') })),
  };
}

function cleanName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (!trimmed) throw errors.badRequest('org_name_blank', '名称不能为空', 'The name cannot be blank');
  return trimmed;
}

function checkPolygon(polygon: CreateNodeBody['polygon']): void {
  if (!polygon) return;
  const problem = polygonProblem(polygon);
  if (problem) throw errors.badRequest('polygon_invalid', `边界范围无效：${problem.zh}`, `The polygon is not valid: ${problem.en}`);
}

const nameTaken = (name: string) =>
  errors.conflict('org_name_taken', `同一上级下已有名为“${name}”的节点`, `Another node under the same parent is already called "${name}"`);
const codeTaken = (code: string) => errors.conflict('org_code_taken', `编码 ${code} 已被使用`, `The code ${code} is already in use`);

/** PostgreSQL error code of a failed statement, looking through the driver wrappers. */
export function pgErrorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export async function createNode(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreateNodeBody) {
  const parent = await repo.findNode(ctx.db, body.parentId);
  if (!parent) throw errors.notFound();
  assertCanManageUnder(principal, parent);
  assertChildKindFits(parent.kind, body.kind);
  assertSubkindFits(body.kind, body.subkind);
  if (body.polygon) assertPolygonFits(body.kind);
  checkPolygon(body.polygon);
  const name = cleanName(body.name);
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      if (await repo.siblingNamed(tx, parent.id, name)) throw nameTaken(name);
      const inserted = await repo.insertOrgNode(tx, {
        parentId: parent.id,
        kind: body.kind,
        subkind: body.subkind ?? null,
        code: body.code ?? null,
        name,
        polygon: body.polygon ?? null,
        sortOrder: body.sortOrder ?? 0,
      });
      await recordAudit(tx, actor, now, {
        action: 'org_node.create',
        objectType: 'org_node',
        objectId: inserted.id,
        orgNodeId: inserted.id,
        details: { parentId: parent.id, kind: body.kind, name, code: body.code ?? null },
      });
      return { node: presentNodeDetail({ ...inserted, childCount: 0 }) };
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505' && body.code) throw codeTaken(body.code);
    throw err;
  }
}

export async function updateNode(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: PatchNodeBody) {
  const node = await visibleNode(ctx, principal, id);
  const kind = assertCanEdit(principal, node, parentPathOf(node.path));
  if (body.subkind !== undefined) assertSubkindFits(kind, body.subkind);
  if (body.polygon) assertPolygonFits(node.kind);
  checkPolygon(body.polygon);
  const patch: repo.OrgNodePatch = { ...body, name: body.name === undefined ? undefined : cleanName(body.name) };
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      if (patch.name !== undefined && node.parentId !== null && (await repo.siblingNamed(tx, node.parentId, patch.name, node.id))) {
        throw nameTaken(patch.name);
      }
      await repo.updateOrgNode(tx, node.id, patch, now);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const key of ['name', 'subkind', 'code', 'sortOrder'] as const) {
        if (patch[key] !== undefined && patch[key] !== node[key]) {
          before[key] = node[key];
          after[key] = patch[key];
        }
      }
      if (patch.polygon !== undefined) after.polygonChanged = true;
      await recordAudit(tx, actor, now, {
        action: 'org_node.update',
        objectType: 'org_node',
        objectId: node.id,
        orgNodeId: node.id,
        details: { before, after },
      });
      const updated = await repo.findNode(tx, node.id);
      return { node: presentNodeDetail(updated!) };
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505' && body.code) throw codeTaken(body.code);
    throw err;
  }
}

import type { OrgKind } from '../../db/schema/org.js';
import { assertVisible, can, type Principal } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { CREATABLE_KINDS, type CreatableKind } from './org.schema.js';

/**
 * Who may change the org tree. Division nodes (region → community) come from official data and are read-only
 * here; below them grids, buildings, units and departments are added and renamed by whoever holds
 * `org.manage` at the parent.
 */
const PARENT_KINDS: Record<CreatableKind, readonly OrgKind[]> = {
  grid: ['community', 'grid'],
  building: ['grid'],
  unit: ['building'],
  department: ['county', 'town', 'community'],
};

/** Subkinds each created kind accepts (null is always allowed). */
export const SUBKINDS: Record<CreatableKind, readonly string[]> = {
  grid: ['big', 'small'],
  building: ['residential', 'office', 'public'],
  unit: [],
  department: ['department', 'partner_unit'],
};

/** Kinds whose polygon means something (a grid's area, a building's footprint). */
export const POLYGON_KINDS: readonly OrgKind[] = ['grid', 'building'];

/** Nodes on which a center or station may hang. */
export const SERVICE_CENTER_NODE_KINDS: readonly OrgKind[] = ['region', 'city', 'county', 'town', 'community', 'grid'];

const KIND_LABEL: Record<OrgKind, string> = {
  region: '自治区',
  city: '盟市',
  county: '旗县区',
  town: '镇街苏木',
  community: '社区/村/嘎查',
  grid: '网格',
  building: '楼栋',
  unit: '单元',
  department: '部门',
};

export function isCreatableKind(kind: OrgKind): kind is CreatableKind {
  return (CREATABLE_KINDS as readonly string[]).includes(kind);
}

export function childKindsOf(parentKind: OrgKind): CreatableKind[] {
  return CREATABLE_KINDS.filter((k) => PARENT_KINDS[k].includes(parentKind));
}

export function assertChildKindFits(parentKind: OrgKind, kind: CreatableKind): void {
  if (PARENT_KINDS[kind].includes(parentKind)) return;
  const allowed = PARENT_KINDS[kind];
  throw errors.badRequest(
    'org_kind_mismatch',
    `${KIND_LABEL[kind]}只能建在${allowed.map((k) => KIND_LABEL[k]).join('、')}之下，不能建在${KIND_LABEL[parentKind]}之下`,
    `A ${kind} can only be placed under ${allowed.join(' or ')}, not under a ${parentKind}`,
    { kind, parentKind, allowedParentKinds: allowed },
  );
}

export function assertSubkindFits(kind: CreatableKind, subkind: string | null | undefined): void {
  if (subkind == null || SUBKINDS[kind].includes(subkind)) return;
  const allowed = SUBKINDS[kind];
  throw errors.badRequest(
    'org_subkind_invalid',
    allowed.length ? `${KIND_LABEL[kind]}的类型只能是：${allowed.join('、')}` : `${KIND_LABEL[kind]}没有细分类型`,
    allowed.length ? `The subkind of a ${kind} must be one of: ${allowed.join(', ')}` : `A ${kind} has no subkinds`,
    { kind, subkind, allowed },
  );
}

export function assertPolygonFits(kind: OrgKind): void {
  if (POLYGON_KINDS.includes(kind)) return;
  throw errors.badRequest(
    'org_polygon_not_allowed',
    `${KIND_LABEL[kind]}不能设置边界范围，只有网格和楼栋可以`,
    `Only grids and buildings have a polygon, not a ${kind}`,
  );
}

/** 404 when the parent is invisible, 403 when visible but `org.manage` is not held there. */
export function assertCanManageUnder(principal: Principal, parent: { path: string }): void {
  assertVisible(principal, parent.path);
  if (!can(principal, 'org.manage', parent.path)) throw errors.forbidden();
}

/**
 * Renaming a created node needs `org.manage` at its parent. The node itself is already known to be visible,
 * so a caller who can see it but not its parent (a grid worker) gets 403, not 404.
 */
export function assertCanEdit(principal: Principal, node: { kind: OrgKind }, parentPath: string | null): CreatableKind {
  if (!parentPath || !can(principal, 'org.manage', parentPath)) throw errors.forbidden();
  if (!isCreatableKind(node.kind)) {
    throw errors.badRequest(
      'org_node_read_only',
      '行政区划节点来自官方区划数据，不能在此修改',
      'Division nodes come from the official division data and cannot be changed here',
      { kind: node.kind },
    );
  }
  return node.kind;
}

export function nodeActions(principal: Principal, node: { kind: OrgKind; path: string }, parentPath: string | null) {
  const manage = can(principal, 'org.manage', node.path);
  return {
    manage,
    addChildKinds: manage ? childKindsOf(node.kind) : [],
    rename: isCreatableKind(node.kind) && parentPath !== null && can(principal, 'org.manage', parentPath),
  };
}

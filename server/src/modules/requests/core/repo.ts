import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type DbOrTx } from '../../../db/client.js';
import { orgNodes, type OrgKind } from '../../../db/schema/org.js';
import { requestCategories, requestEvents, requestExtensions, requests } from '../../../db/schema/requests.js';
import { roleAssignments, users } from '../../../db/schema/users.js';
import { ROLES, type Permission } from '../../../platform/roles.js';

export type RequestRow = typeof requests.$inferSelect;
export type NewRequestRow = typeof requests.$inferInsert;
export type RequestPatch = Partial<Omit<NewRequestRow, 'id' | 'number' | 'createdAt'>>;

/** Take ids from the identity sequence first, so the request number (which contains the id) is written at once. */
export async function allocateRequestIds(db: DbOrTx, count: number): Promise<number[]> {
  if (count <= 0) return [];
  const rows = await queryRows<{ id: string | number }>(
    db,
    sql`select nextval(pg_get_serial_sequence('requests', 'id')) as id from generate_series(1, ${count}::int)`,
  );
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

export async function insertRequest(db: DbOrTx, row: NewRequestRow): Promise<RequestRow> {
  const [inserted] = await db.insert(requests).values(row).returning();
  return inserted!;
}

/** The row, locked for this transaction: every workflow step starts here, so two steps never interleave. */
export async function lockRequest(db: DbOrTx, id: number): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.id, id)).for('update');
  return row;
}

export async function updateRequest(db: DbOrTx, id: number, patch: RequestPatch): Promise<RequestRow> {
  const [row] = await db.update(requests).set(patch).where(eq(requests.id, id)).returning();
  return row!;
}

export interface NewEvent {
  requestId: number;
  at: Date;
  actorUserId: number | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note?: string | null;
  photoIds?: string[];
  data?: Record<string, unknown> | null;
}

export async function insertEvent(db: DbOrTx, e: NewEvent): Promise<void> {
  await db.insert(requestEvents).values({ ...e, note: e.note ?? null, photoIds: e.photoIds ?? [], data: e.data ?? null });
}

const node = alias(orgNodes, 'node');
const unit = alias(orgNodes, 'unit');
const building = alias(orgNodes, 'building');
const category = alias(requestCategories, 'category');
const parentCategory = alias(requestCategories, 'parent_category');
const assignee = alias(users, 'assignee');
const creator = alias(users, 'creator');
const mergedInto = alias(requests, 'merged_into');

/** A request with what policies and presenters need: node paths and names, category, people, pending extension. */
export const requestView = {
  request: requests,
  nodePath: node.path,
  nodeName: node.name,
  nodeKind: node.kind,
  // The community the place lies in (the place itself when it is one), so a grid reads "社区 / 网格" above it.
  communityName: sql<string | null>`(select c.name from org_nodes c where c.kind = 'community' and c.path @> "node"."path" limit 1)`.as(
    'community_name',
  ),
  unitPath: unit.path,
  unitName: unit.name,
  buildingName: building.name,
  categoryCode: category.code,
  categoryName: category.name,
  categoryNameEn: category.nameEn,
  parentCategoryId: category.parentId,
  parentCategoryName: parentCategory.name,
  parentCategoryNameEn: parentCategory.nameEn,
  assigneeName: assignee.displayName,
  creatorName: creator.displayName,
  mergedIntoNumber: mergedInto.number,
  pendingExtensionBy: sql<
    number | null
  >`(select e.requested_by from request_extensions e where e.request_id = ${requests.id} and e.status = 'pending')`.as(
    'pending_extension_by',
  ),
  pendingExtensionId: sql<
    number | null
  >`(select e.id from request_extensions e where e.request_id = ${requests.id} and e.status = 'pending')`.as('pending_extension_id'),
};

export type RequestView = {
  request: RequestRow;
  nodePath: string;
  nodeName: string;
  nodeKind: OrgKind;
  communityName: string | null;
  unitPath: string | null;
  unitName: string | null;
  buildingName: string | null;
  categoryCode: string | null;
  categoryName: string | null;
  categoryNameEn: string | null;
  parentCategoryId: number | null;
  parentCategoryName: string | null;
  parentCategoryNameEn: string | null;
  assigneeName: string | null;
  creatorName: string | null;
  mergedIntoNumber: string | null;
  pendingExtensionBy: number | null;
  pendingExtensionId: number | null;
};

function selectViews(db: DbOrTx) {
  return db
    .select(requestView)
    .from(requests)
    .innerJoin(node, eq(node.id, requests.orgNodeId))
    .leftJoin(unit, eq(unit.id, requests.assigneeNodeId))
    .leftJoin(building, eq(building.id, requests.buildingNodeId))
    .leftJoin(category, eq(category.id, requests.categoryId))
    .leftJoin(parentCategory, eq(parentCategory.id, category.parentId))
    .leftJoin(assignee, eq(assignee.id, requests.assigneeUserId))
    .leftJoin(creator, eq(creator.id, requests.createdBy))
    .leftJoin(mergedInto, eq(mergedInto.id, requests.mergedIntoId));
}

function normalizeView(v: RequestView): RequestView {
  // Subquery columns come back as strings from node-postgres (bigint) and as numbers from PGlite.
  return {
    ...v,
    pendingExtensionBy: v.pendingExtensionBy == null ? null : Number(v.pendingExtensionBy),
    pendingExtensionId: v.pendingExtensionId == null ? null : Number(v.pendingExtensionId),
  };
}

export async function findView(db: DbOrTx, id: number): Promise<RequestView | undefined> {
  const [row] = await selectViews(db).where(eq(requests.id, id));
  return row ? normalizeView(row as RequestView) : undefined;
}

export type ListOrder = 'received_desc' | 'received_asc' | 'resolution_due_asc' | 'me_too_desc';

export async function listViews(
  db: DbOrTx,
  where: SQL,
  opts: { limit: number; offset: number; order: ListOrder },
): Promise<{ items: RequestView[]; total: number }> {
  const order =
    opts.order === 'me_too_desc'
      ? [desc(requests.meTooCount), asc(requests.receivedAt), asc(requests.id)]
      : opts.order === 'received_asc'
      ? [asc(requests.receivedAt), asc(requests.id)]
      : opts.order === 'resolution_due_asc'
        ? [asc(requests.resolutionDueAt), asc(requests.id)]
        : [desc(requests.receivedAt), desc(requests.id)];
  const [items, [count]] = await Promise.all([
    selectViews(db)
      .where(where)
      .orderBy(...order)
      .limit(opts.limit)
      .offset(opts.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(requests)
      .innerJoin(node, eq(node.id, requests.orgNodeId))
      .leftJoin(unit, eq(unit.id, requests.assigneeNodeId))
      .where(where),
  ]);
  return { items: (items as RequestView[]).map(normalizeView), total: Number(count?.n ?? 0) };
}

/** Column handles for list conditions built in services (the aliases the view query uses). */
export const viewColumns = { nodePath: node.path, unitPath: unit.path };

export interface EventRow {
  id: number;
  at: Date;
  actorUserId: number | null;
  actorName: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  photoIds: string[];
  data: Record<string, unknown> | null;
}

export async function eventsOf(db: DbOrTx, requestId: number): Promise<EventRow[]> {
  return db
    .select({
      id: requestEvents.id,
      at: requestEvents.at,
      actorUserId: requestEvents.actorUserId,
      actorName: users.displayName,
      action: requestEvents.action,
      fromStatus: requestEvents.fromStatus,
      toStatus: requestEvents.toStatus,
      note: requestEvents.note,
      photoIds: requestEvents.photoIds,
      data: requestEvents.data,
    })
    .from(requestEvents)
    .leftJoin(users, eq(users.id, requestEvents.actorUserId))
    .where(eq(requestEvents.requestId, requestId))
    .orderBy(asc(requestEvents.at), asc(requestEvents.id));
}

/** Display names of users and names and kinds of org nodes, by id (what timeline events point to). */
export async function namesOf(
  db: DbOrTx,
  userIds: number[],
  nodeIds: number[],
): Promise<{ users: Map<number, string>; nodes: Map<number, { name: string; kind: string }> }> {
  const [people, nodes] = await Promise.all([
    userIds.length ? db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds)) : [],
    nodeIds.length
      ? db.select({ id: orgNodes.id, name: orgNodes.name, kind: orgNodes.kind }).from(orgNodes).where(inArray(orgNodes.id, nodeIds))
      : [],
  ]);
  return {
    users: new Map(people.map((u) => [u.id, u.name])),
    nodes: new Map(nodes.map((n) => [n.id, { name: n.name, kind: n.kind }])),
  };
}

export interface NodeInfo {
  id: number;
  parentId: number | null;
  kind: OrgKind;
  subkind: string | null;
  name: string;
  path: string;
  depth: number;
}

const nodeInfo = {
  id: orgNodes.id,
  parentId: orgNodes.parentId,
  kind: orgNodes.kind,
  subkind: orgNodes.subkind,
  name: orgNodes.name,
  path: orgNodes.path,
  depth: orgNodes.depth,
};

export async function findNode(db: DbOrTx, id: number): Promise<NodeInfo | undefined> {
  const [row] = await db.select(nodeInfo).from(orgNodes).where(eq(orgNodes.id, id));
  return row;
}

/** Nodes by id, deepest first. */
export async function nodesByIds(db: DbOrTx, ids: number[]): Promise<NodeInfo[]> {
  if (ids.length === 0) return [];
  return db.select(nodeInfo).from(orgNodes).where(inArray(orgNodes.id, ids)).orderBy(desc(orgNodes.depth));
}

/** Roles that carry a permission (the role catalogue is code, so this is a constant list per permission). */
export function rolesWith(permission: Permission): string[] {
  return ROLES.filter((r) => r.permissions.includes(permission)).map((r) => r.role);
}

/** Active users holding a role with `permission` exactly at one of the nodes, with that node. */
export async function holdersAt(db: DbOrTx, nodeIds: number[], permission: Permission): Promise<{ userId: number; orgNodeId: number }[]> {
  if (nodeIds.length === 0) return [];
  return db
    .selectDistinct({ userId: roleAssignments.userId, orgNodeId: roleAssignments.orgNodeId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(
      and(inArray(roleAssignments.orgNodeId, nodeIds), inArray(roleAssignments.role, rolesWith(permission)), eq(users.disabled, false)),
    );
}

/** A user with the nodes (and paths) where they hold roles, for checking a dispatch target. */
export async function userWithRoles(db: DbOrTx, userId: number) {
  const [user] = await db
    .select({ id: users.id, displayName: users.displayName, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return undefined;
  const roles = await db
    .select({ role: roleAssignments.role, orgNodeId: roleAssignments.orgNodeId, path: orgNodes.path, kind: orgNodes.kind, name: orgNodes.name })
    .from(roleAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .where(eq(roleAssignments.userId, userId));
  return { ...user, roles };
}

export async function userContact(db: DbOrTx, userId: number) {
  const [row] = await db.select({ displayName: users.displayName, mobile: users.mobile }).from(users).where(eq(users.id, userId));
  return row;
}

export type ExtensionRow = typeof requestExtensions.$inferSelect;

export async function extensionsOf(db: DbOrTx, requestId: number) {
  return db
    .select({ extension: requestExtensions, requestedByName: users.displayName })
    .from(requestExtensions)
    .leftJoin(users, eq(users.id, requestExtensions.requestedBy))
    .where(eq(requestExtensions.requestId, requestId))
    .orderBy(asc(requestExtensions.requestedAt), asc(requestExtensions.id));
}

export async function insertExtension(db: DbOrTx, row: typeof requestExtensions.$inferInsert): Promise<ExtensionRow> {
  const [inserted] = await db.insert(requestExtensions).values(row).returning();
  return inserted!;
}

/** Settle the pending extension of a request (decided or withdrawn); the row if there was one. */
export async function settlePendingExtension(
  db: DbOrTx,
  requestId: number,
  patch: Partial<Pick<ExtensionRow, 'status' | 'decidedBy' | 'decidedAt' | 'decisionNote' | 'previousDueAt' | 'newDueAt'>>,
): Promise<ExtensionRow | undefined> {
  const [row] = await db
    .update(requestExtensions)
    .set(patch)
    .where(and(eq(requestExtensions.requestId, requestId), eq(requestExtensions.status, 'pending')))
    .returning();
  return row;
}

export async function updateExtension(
  db: DbOrTx,
  id: number,
  patch: Partial<Pick<ExtensionRow, 'previousDueAt' | 'newDueAt'>>,
): Promise<void> {
  await db.update(requestExtensions).set(patch).where(eq(requestExtensions.id, id));
}

import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { roleAssignments, users } from '../../db/schema/users.js';
import { inSubtrees } from '../../platform/access.js';

const homeNode = alias(orgNodes, 'home_node');

/** A user with what presenting and authorizing need: home node path and every role with its node. */
export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  mobile: string | null;
  homeNodeId: number;
  homeNodeName: string;
  homePath: string;
  disabled: boolean;
  createdAt: Date;
  roles: { id: number; role: string; orgNodeId: number; orgNodeName: string; path: string }[];
}

export interface UserFilter {
  /** Subtrees the user must belong to: home node or any role node inside one of them. */
  paths: string[];
  /** Only users holding this role at a node inside `paths`. */
  role?: string;
  q?: string;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Username / display name substring, pinyin prefix, mobile exact or last four digits. */
function searchCondition(q: string): SQL {
  const like = `%${escapeLike(q.toLowerCase())}%`;
  const parts: SQL[] = [sql`lower(${users.username}) like ${like}`, sql`${users.displayName} ilike ${`%${escapeLike(q)}%`}`];
  const letters = q.toLowerCase().replace(/[\s']/g, '');
  if (/^[a-z]+$/.test(letters)) {
    parts.push(sql`${users.namePinyin} like ${`${letters}%`}`, sql`${users.nameInitials} like ${`${letters}%`}`);
  }
  if (/^\d{11}$/.test(q)) parts.push(eq(users.mobile, q));
  if (/^\d{4}$/.test(q)) parts.push(sql`${users.mobile} like ${`%${q}`}`);
  return or(...parts)!;
}

function filterCondition(filter: UserFilter): SQL {
  const conditions: SQL[] = [
    or(
      inSubtrees(homeNode.path, filter.paths),
      sql`exists (select 1 from ${roleAssignments} ra join ${orgNodes} rn on rn.id = ra.org_node_id
                  where ra.user_id = ${users.id} and ${inSubtrees(sql`rn.path`, filter.paths)})`,
    )!,
  ];
  if (filter.role) {
    conditions.push(
      sql`exists (select 1 from ${roleAssignments} ra join ${orgNodes} rn on rn.id = ra.org_node_id
                  where ra.user_id = ${users.id} and ra.role = ${filter.role} and ${inSubtrees(sql`rn.path`, filter.paths)})`,
    );
  }
  if (filter.q) conditions.push(searchCondition(filter.q));
  return and(...conditions)!;
}

/** One page of user ids matching the filter, newest first, and the total. Filtering happens in SQL. */
export async function searchUserIds(db: DbOrTx, filter: UserFilter, limit: number, offset: number) {
  const where = filterCondition(filter);
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(homeNode, eq(homeNode.id, users.homeNodeId))
    .where(where)
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(limit)
    .offset(offset);
  const [total] = await db.select({ n: count() }).from(users).innerJoin(homeNode, eq(homeNode.id, users.homeNodeId)).where(where);
  return { ids: rows.map((r) => r.id), total: Number(total?.n ?? 0) };
}

/**
 * Users by id with their home node and roles, in the order given. `lock` takes a row lock on the users
 * rows (inside a transaction) so two admins changing the same account are serialized.
 */
export async function loadUsers(db: DbOrTx, ids: number[], opts: { lock?: boolean } = {}): Promise<UserRecord[]> {
  if (ids.length === 0) return [];
  const base = db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      mobile: users.mobile,
      homeNodeId: users.homeNodeId,
      homeNodeName: homeNode.name,
      homePath: homeNode.path,
      disabled: users.disabled,
      createdAt: users.createdAt,
    })
    .from(users)
    .innerJoin(homeNode, eq(homeNode.id, users.homeNodeId))
    .where(inArray(users.id, ids));
  const rows = opts.lock ? await base.for('update', { of: users }) : await base;
  const roles = await db
    .select({
      id: roleAssignments.id,
      userId: roleAssignments.userId,
      role: roleAssignments.role,
      orgNodeId: roleAssignments.orgNodeId,
      orgNodeName: orgNodes.name,
      path: orgNodes.path,
    })
    .from(roleAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .where(inArray(roleAssignments.userId, ids))
    .orderBy(asc(roleAssignments.id));
  const byId = new Map<number, UserRecord>(rows.map((r) => [r.id, { ...r, roles: [] }]));
  for (const { userId, ...role } of roles) byId.get(userId)?.roles.push(role);
  return ids.map((id) => byId.get(id)).filter((u): u is UserRecord => u !== undefined);
}

export async function loadUser(db: DbOrTx, id: number, opts: { lock?: boolean } = {}): Promise<UserRecord | undefined> {
  const [user] = await loadUsers(db, [id], opts);
  return user;
}

export async function findNode(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ id: orgNodes.id, kind: orgNodes.kind, name: orgNodes.name, path: orgNodes.path })
    .from(orgNodes)
    .where(eq(orgNodes.id, id))
    .limit(1);
  return row;
}

export async function findMobile(db: DbOrTx, userId: number): Promise<string | null> {
  const [row] = await db.select({ mobile: users.mobile }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.mobile ?? null;
}

export interface NewUser {
  username: string;
  displayName: string;
  namePinyin: string;
  nameInitials: string;
  mobile: string | null;
  passwordHash: string;
  homeNodeId: number;
}

export async function insertUser(db: DbOrTx, values: NewUser): Promise<number> {
  const [row] = await db.insert(users).values(values).returning({ id: users.id });
  return row!.id;
}

export interface UserChanges {
  displayName?: string;
  namePinyin?: string;
  nameInitials?: string;
  mobile?: string | null;
  disabled?: boolean;
  passwordHash?: string;
  homeNodeId?: number;
}

export async function updateUser(db: DbOrTx, id: number, changes: UserChanges, now: Date): Promise<void> {
  await db
    .update(users)
    .set({ ...changes, updatedAt: now })
    .where(eq(users.id, id));
}

export async function insertRoleAssignment(
  db: DbOrTx,
  values: { userId: number; role: string; orgNodeId: number; grantedBy: number; createdAt: Date },
): Promise<number> {
  const [row] = await db.insert(roleAssignments).values(values).returning({ id: roleAssignments.id });
  return row!.id;
}

export async function deleteRoleAssignment(db: DbOrTx, id: number): Promise<void> {
  await db.delete(roleAssignments).where(eq(roleAssignments.id, id));
}

/** The unique index a statement violated, when that is why it failed (both drivers, wrapped by Drizzle or not). */
export function violatedUniqueIndex(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505') return typeof constraint === 'string' ? constraint : '';
  }
  return null;
}

import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import { orgNodes, serviceCenters } from '../../db/schema/org.js';
import { roomCenterSettings, roomQuotas, rooms, roomSchedules, type QuotaSubject } from '../../db/schema/rooms.js';
import { roleAssignments, users } from '../../db/schema/users.js';
import { inSubtrees } from '../../platform/access.js';

export type RoomRow = typeof rooms.$inferSelect;
export type NewRoom = Omit<typeof rooms.$inferInsert, 'id'>;
export type RoomPatch = Partial<Omit<NewRoom, 'serviceCenterId' | 'createdAt' | 'checkinToken' | 'checkinCode'>>;

/** Where the caller reaches: subtrees they manage rooms in, and the areas (communities) they book in. */
export interface ScopeSql {
  managePaths: string[];
  areas: string[];
}

const ltreeArray = (paths: string[]) => sql`array[${sql.join(
  paths.map((p) => sql`${p}`),
  sql`, `,
)}]::ltree[]`;

const centerOpen = sql<boolean>`coalesce(${roomCenterSettings.openToAll}, false)`;

/**
 * A center is visible to a caller who manages rooms over it, serves an area on its branch (the center of the
 * caller's community, a station inside it, or the town center above it), or may book anywhere when the center
 * is open to all. A room is visible on the same terms, its own open-to-all flag counting too.
 */
export function visibleSql(scope: ScopeSql, path: SQL | typeof orgNodes.path, openToAll: SQL): SQL {
  const parts: SQL[] = [inSubtrees(path, scope.managePaths)];
  if (scope.areas.length > 0) {
    parts.push(sql`${path} @> any(${ltreeArray(scope.areas)})`, sql`${path} <@ any(${ltreeArray(scope.areas)})`, openToAll);
  }
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** Paths of the communities at or above each given path (a role below a community books at that community). */
export async function communityPathsAbove(db: DbOrTx, paths: string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const rows = await queryRows<{ path: string }>(
    db,
    sql`select path::text as path from org_nodes where kind = 'community' and path @> any(${ltreeArray(paths)})`,
  );
  return rows.map((r) => r.path);
}

const roomFields = {
  room: rooms,
  centerName: serviceCenters.name,
  orgNodeId: serviceCenters.orgNodeId,
  nodePath: orgNodes.path,
  centerOpenToAll: centerOpen,
  scheduleName: roomSchedules.name,
};

function roomQuery(db: DbOrTx) {
  return db
    .select(roomFields)
    .from(rooms)
    .innerJoin(serviceCenters, eq(serviceCenters.id, rooms.serviceCenterId))
    .innerJoin(orgNodes, eq(orgNodes.id, serviceCenters.orgNodeId))
    .innerJoin(roomSchedules, eq(roomSchedules.id, rooms.scheduleId))
    .leftJoin(roomCenterSettings, eq(roomCenterSettings.serviceCenterId, rooms.serviceCenterId));
}

export type RoomWithCenter = NonNullable<Awaited<ReturnType<typeof findRoom>>>;

export async function findRoom(db: DbOrTx, id: number) {
  const [row] = await roomQuery(db).where(eq(rooms.id, id));
  return row;
}

export async function findRoomByToken(db: DbOrTx, token: string) {
  const [row] = await roomQuery(db).where(eq(rooms.checkinToken, token));
  return row;
}

/** The room whose six-digit code this is (rooms taken out of service do not answer). */
export async function findRoomByCode(db: DbOrTx, code: string) {
  const [row] = await roomQuery(db).where(and(eq(rooms.checkinCode, code), eq(rooms.active, true)));
  return row;
}

/** Which of these codes are taken already. */
export async function takenCodes(db: DbOrTx, codes: string[]): Promise<Set<string>> {
  const rows = await db.select({ code: rooms.checkinCode }).from(rooms).where(inArray(rooms.checkinCode, codes));
  return new Set(rows.map((r) => r.code ?? ''));
}

export async function listRooms(db: DbOrTx, scope: ScopeSql, filter: { centerId?: number; kind?: string }) {
  const conditions: SQL[] = [
    visibleSql(scope, orgNodes.path, sql`(${rooms.openToAll} or ${centerOpen})`),
    // A room taken out of service is shown only to those who manage it.
    sql`(${rooms.active} or ${inSubtrees(orgNodes.path, scope.managePaths)})`,
  ];
  if (filter.centerId) conditions.push(eq(rooms.serviceCenterId, filter.centerId));
  if (filter.kind) conditions.push(sql`${rooms.kind} = ${filter.kind}`);
  return roomQuery(db)
    .where(and(...conditions))
    .orderBy(asc(orgNodes.path), asc(serviceCenters.name), asc(rooms.name), asc(rooms.id))
    .limit(500);
}

export async function roomsOfCenter(db: DbOrTx, centerId: number) {
  return roomQuery(db).where(eq(rooms.serviceCenterId, centerId)).orderBy(asc(rooms.name), asc(rooms.id));
}

export async function insertRoom(db: DbOrTx, values: NewRoom): Promise<RoomRow> {
  const [row] = await db.insert(rooms).values(values).returning();
  return row!;
}

export async function updateRoom(db: DbOrTx, id: number, patch: RoomPatch & { checkinToken?: string; checkinCode?: string }): Promise<RoomRow> {
  const [row] = await db.update(rooms).set(patch).where(eq(rooms.id, id)).returning();
  return row!;
}

export async function roomNamed(db: DbOrTx, centerId: number, name: string) {
  const [row] = await db
    .select({ id: rooms.id })
    .from(rooms)
    .where(and(eq(rooms.serviceCenterId, centerId), eq(rooms.name, name)));
  return row;
}

// ---- centers and their settings ----------------------------------------------------------------------------

const centerFields = {
  center: serviceCenters,
  nodePath: orgNodes.path,
  nodeName: orgNodes.name,
  settings: {
    openToAll: centerOpen,
    noShowLimit: sql<number>`coalesce(${roomCenterSettings.noShowLimit}, 3)::int`,
    noShowWindowDays: sql<number>`coalesce(${roomCenterSettings.noShowWindowDays}, 30)::int`,
    suspensionDays: sql<number>`coalesce(${roomCenterSettings.suspensionDays}, 14)::int`,
  },
  roomCount: sql<number>`(select count(*)::int from rooms r where r.service_center_id = "service_centers"."id" and r.active)`,
  hasOpenRoom: sql<boolean>`exists (select 1 from rooms r where r.service_center_id = "service_centers"."id" and r.active and r.open_to_all)`,
};

function centerQuery(db: DbOrTx) {
  return db
    .select(centerFields)
    .from(serviceCenters)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceCenters.orgNodeId))
    .leftJoin(roomCenterSettings, eq(roomCenterSettings.serviceCenterId, serviceCenters.id));
}

export type CenterWithSettings = NonNullable<Awaited<ReturnType<typeof findCenter>>>;

export async function findCenter(db: DbOrTx, id: number) {
  const [row] = await centerQuery(db).where(eq(serviceCenters.id, id));
  return row;
}

/** Centers the caller sees for rooms: managed ones, those serving their area, and open ones with rooms. */
export async function listCenters(db: DbOrTx, scope: ScopeSql, nodeId?: number) {
  const anyOpenRoom = sql`exists (select 1 from rooms r where r.service_center_id = "service_centers"."id" and r.active and r.open_to_all)`;
  const conditions: SQL[] = [visibleSql(scope, orgNodes.path, sql`(${centerOpen} or ${anyOpenRoom})`)];
  if (nodeId) conditions.push(sql`${orgNodes.path} <@ (select n.path from org_nodes n where n.id = ${nodeId})`);
  return centerQuery(db)
    .where(and(...conditions))
    .orderBy(asc(orgNodes.depth), asc(orgNodes.path), asc(serviceCenters.name))
    .limit(500);
}

export async function upsertSettings(
  db: DbOrTx,
  centerId: number,
  values: { openToAll: boolean; noShowLimit: number; noShowWindowDays: number; suspensionDays: number; updatedAt: Date; updatedBy: number | null },
) {
  await db
    .insert(roomCenterSettings)
    .values({ serviceCenterId: centerId, ...values })
    .onConflictDoUpdate({ target: roomCenterSettings.serviceCenterId, set: values });
}

// ---- quotas ------------------------------------------------------------------------------------------------

export type QuotaRow = typeof roomQuotas.$inferSelect;

export async function quotasOfCenter(db: DbOrTx, centerId: number): Promise<QuotaRow[]> {
  return db.select().from(roomQuotas).where(eq(roomQuotas.serviceCenterId, centerId)).orderBy(asc(roomQuotas.id));
}

/** The quotas that apply to a booking of `subject` in a room: the room's own and the center-wide one. */
export async function quotasFor(db: DbOrTx, centerId: number, roomId: number, subject: QuotaSubject): Promise<QuotaRow[]> {
  return db
    .select()
    .from(roomQuotas)
    .where(
      and(
        eq(roomQuotas.serviceCenterId, centerId),
        eq(roomQuotas.subject, subject),
        sql`(${roomQuotas.roomId} is null or ${roomQuotas.roomId} = ${roomId})`,
      ),
    );
}

export async function replaceQuotas(
  db: DbOrTx,
  centerId: number,
  quotas: { roomId: number | null; subject: QuotaSubject; minutesPerWeek: number }[],
): Promise<void> {
  await db.delete(roomQuotas).where(eq(roomQuotas.serviceCenterId, centerId));
  if (quotas.length > 0) await db.insert(roomQuotas).values(quotas.map((q) => ({ ...q, serviceCenterId: centerId })));
}

export async function roomIdsOfCenter(db: DbOrTx, centerId: number, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: rooms.id })
    .from(rooms)
    .where(and(eq(rooms.serviceCenterId, centerId), inArray(rooms.id, ids)));
  return rows.map((r) => r.id);
}

/**
 * Who approves bookings at a center: holders of a role with `rooms.manage` at the nearest node on the center's
 * path that has any (the community's staff, not every admin up to the region).
 */
export async function approversOf(db: DbOrTx, centerPath: string, roles: string[]): Promise<number[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .select({ userId: roleAssignments.userId, depth: orgNodes.depth })
    .from(roleAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(sql`${orgNodes.path} @> ${centerPath}::ltree`, inArray(roleAssignments.role, roles), eq(users.disabled, false)));
  const deepest = Math.max(-1, ...rows.map((r) => r.depth));
  return [...new Set(rows.filter((r) => r.depth === deepest).map((r) => r.userId))];
}


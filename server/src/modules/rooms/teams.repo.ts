import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { teamMembers, teams, type TeamKind } from '../../db/schema/rooms.js';
import { users } from '../../db/schema/users.js';
import { inSubtrees } from '../../platform/access.js';

export type TeamRow = typeof teams.$inferSelect;

const teamFields = {
  team: teams,
  nodePath: orgNodes.path,
  nodeName: orgNodes.name,
  leaderName: users.displayName,
  memberCount: sql<number>`(select count(*)::int from team_members m where m.team_id = "teams"."id")`,
};

function teamQuery(db: DbOrTx) {
  return db
    .select(teamFields)
    .from(teams)
    .innerJoin(orgNodes, eq(orgNodes.id, teams.orgNodeId))
    .innerJoin(users, eq(users.id, teams.leaderUserId));
}

export type TeamWithNode = NonNullable<Awaited<ReturnType<typeof findTeam>>>;

export async function findTeam(db: DbOrTx, id: number) {
  const [row] = await teamQuery(db).where(eq(teams.id, id));
  return row;
}

/** Teams in the subtrees the caller manages, and teams the caller belongs to. */
export async function listTeams(db: DbOrTx, opts: { managePaths: string[]; userId: number; nodeId?: number; mine: boolean; q?: string }) {
  const member = sql`exists (select 1 from team_members m where m.team_id = ${teams.id} and m.user_id = ${opts.userId})`;
  const conditions: SQL[] = [opts.mine ? member : sql`(${inSubtrees(orgNodes.path, opts.managePaths)} or ${member})`];
  if (opts.nodeId) conditions.push(sql`${orgNodes.path} <@ (select n.path from org_nodes n where n.id = ${opts.nodeId})`);
  if (opts.q) conditions.push(sql`${teams.name} ilike ${`%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  return teamQuery(db)
    .where(and(...conditions))
    .orderBy(asc(orgNodes.path), asc(teams.name), asc(teams.id))
    .limit(500);
}

export async function teamNamed(db: DbOrTx, orgNodeId: number, name: string) {
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.orgNodeId, orgNodeId), eq(teams.name, name)));
  return row;
}

export async function insertTeam(
  db: DbOrTx,
  values: { orgNodeId: number; name: string; kind: TeamKind; leaderUserId: number; description: string; createdAt: Date; updatedAt: Date },
): Promise<TeamRow> {
  const [row] = await db.insert(teams).values(values).returning();
  return row!;
}

export async function updateTeam(
  db: DbOrTx,
  id: number,
  patch: Partial<Pick<TeamRow, 'name' | 'kind' | 'leaderUserId' | 'description' | 'active'>> & { updatedAt: Date },
): Promise<TeamRow> {
  const [row] = await db.update(teams).set(patch).where(eq(teams.id, id)).returning();
  return row!;
}

export async function members(db: DbOrTx, teamId: number) {
  return db
    .select({ userId: teamMembers.userId, displayName: users.displayName, joinedAt: teamMembers.joinedAt })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(asc(teamMembers.joinedAt), asc(teamMembers.userId));
}

export async function addMember(db: DbOrTx, teamId: number, userId: number, at: Date): Promise<boolean> {
  const rows = await db.insert(teamMembers).values({ teamId, userId, joinedAt: at }).onConflictDoNothing().returning();
  return rows.length > 0;
}

export async function removeMember(db: DbOrTx, teamId: number, userId: number): Promise<boolean> {
  const rows = await db
    .delete(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .returning();
  return rows.length > 0;
}

export async function isMember(db: DbOrTx, teamId: number, userId: number): Promise<boolean> {
  const [row] = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
  return row !== undefined;
}

export async function teamIdsOf(db: DbOrTx, userId: number): Promise<number[]> {
  const rows = await db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId));
  return rows.map((r) => r.teamId);
}

export async function leadersOf(db: DbOrTx, teamIds: number[]): Promise<Map<number, number>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db.select({ id: teams.id, leader: teams.leaderUserId }).from(teams).where(inArray(teams.id, teamIds));
  return new Map(rows.map((r) => [r.id, r.leader]));
}

/** A user by id or by login (username or mobile), with the path of their home node. */
export async function findUser(db: DbOrTx, by: { userId?: number; login?: string }) {
  const condition = by.userId
    ? eq(users.id, by.userId)
    : sql`(lower(${users.username}) = lower(${by.login ?? ''}) or ${users.mobile} = ${by.login ?? ''})`;
  const [row] = await db
    .select({ id: users.id, displayName: users.displayName, disabled: users.disabled, homePath: orgNodes.path })
    .from(users)
    .innerJoin(orgNodes, eq(orgNodes.id, users.homeNodeId))
    .where(condition)
    .limit(1);
  return row;
}

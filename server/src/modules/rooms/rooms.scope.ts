import type { DbOrTx } from '../../db/client.js';
import { isUnder, minimalPaths, scopePaths, type Principal } from '../../platform/access.js';
import { roleHas } from '../../platform/roles.js';
import { assertBookRoom, assertManageCenter, assertManageRoom, assertSeeCenter, assertSeeRoom, type RoomScope } from './rooms.policy.js';
import * as repo from './rooms.repo.js';

/** The caller's reach for rooms (see rooms.policy.ts), with one query for the communities above their roles. */
export async function loadScope(db: DbOrTx, principal: Principal): Promise<RoomScope> {
  const bookRoles = principal.roles.filter((r) => roleHas(r.role, 'rooms.book'));
  const communities = await repo.communityPathsAbove(
    db,
    bookRoles.map((r) => r.path),
  );
  const areas = minimalPaths(bookRoles.map((r) => communities.find((c) => isUnder(r.path, c)) ?? r.path));
  return {
    userId: principal.userId,
    managePaths: scopePaths(principal, 'rooms.manage'),
    checkinPaths: scopePaths(principal, 'rooms.checkin_any'),
    areas,
  };
}

/** The room as a policy subject: its center's node, whether it is in service, whether anyone may book it. */
export function roomSubject(row: repo.RoomWithCenter) {
  return { nodePath: row.nodePath, active: row.room.active, openToAll: row.room.openToAll || row.centerOpenToAll };
}

export async function visibleRoom(db: DbOrTx, scope: RoomScope, id: number): Promise<repo.RoomWithCenter> {
  const row = await repo.findRoom(db, id);
  assertSeeRoom(scope, row ? roomSubject(row) : undefined);
  return row!;
}

export async function bookableRoom(db: DbOrTx, scope: RoomScope, id: number): Promise<repo.RoomWithCenter> {
  const row = await repo.findRoom(db, id);
  assertBookRoom(scope, row ? roomSubject(row) : undefined);
  return row!;
}

export async function managedRoom(db: DbOrTx, scope: RoomScope, id: number): Promise<repo.RoomWithCenter> {
  const row = await repo.findRoom(db, id);
  assertManageRoom(scope, row ? roomSubject(row) : undefined);
  return row!;
}

function centerSubject(row: repo.CenterWithSettings) {
  return { nodePath: row.nodePath, open: row.settings.openToAll || row.hasOpenRoom };
}

export async function visibleCenter(db: DbOrTx, scope: RoomScope, id: number): Promise<repo.CenterWithSettings> {
  const row = await repo.findCenter(db, id);
  assertSeeCenter(scope, row ? centerSubject(row) : undefined);
  return row!;
}

export async function managedCenter(db: DbOrTx, scope: RoomScope, id: number): Promise<repo.CenterWithSettings> {
  const row = await repo.findCenter(db, id);
  assertManageCenter(scope, row ? centerSubject(row) : undefined);
  return row!;
}

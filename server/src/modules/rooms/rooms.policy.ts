import { isUnder } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';

/**
 * Who may do what with rooms, teams and bookings.
 * - Staff manage rooms, hours, quotas, teams and approvals in their subtree (`rooms.manage`), and check any
 *   booking in there (`rooms.checkin_any`).
 * - Booking (`rooms.book`) reaches an *area*: the community containing the node where the role is held (or that
 *   node itself when it lies above any community). A caller books at centers on their area's branch: the center
 *   of their community, a station inside it, the town's center above it. A sibling community's center is
 *   invisible (404) unless the center or the room is open to all.
 * - Outside all of that a room, center, team or booking does not exist for the caller (404); visible but not
 *   allowed is 403.
 */
export interface RoomScope {
  userId: number;
  managePaths: string[];
  checkinPaths: string[];
  areas: string[];
}

export type RoomAction = 'book' | 'waitlist' | 'manage' | 'checkin_any';
export type BookingAction = 'cancel' | 'approve' | 'reject' | 'checkin';
export type TeamAction = 'edit' | 'manage_members' | 'book';

export function manages(scope: RoomScope, path: string): boolean {
  return scope.managePaths.some((p) => isUnder(path, p));
}

export function checksIn(scope: RoomScope, path: string): boolean {
  return scope.checkinPaths.some((p) => isUnder(path, p));
}

/** The center lies on the branch of one of the caller's areas (at or above it, or inside it). */
export function servesArea(scope: RoomScope, path: string): boolean {
  return scope.areas.some((a) => isUnder(path, a) || isUnder(a, path));
}

export function canBookAt(scope: RoomScope, path: string, openToAll: boolean): boolean {
  return scope.areas.length > 0 && (openToAll || servesArea(scope, path));
}

export function canSee(scope: RoomScope, path: string, openToAll: boolean): boolean {
  return manages(scope, path) || canBookAt(scope, path, openToAll);
}

export interface RoomSubject {
  nodePath: string;
  active: boolean;
  openToAll: boolean;
}

export function canSeeRoom(scope: RoomScope, room: RoomSubject): boolean {
  return room.active ? canSee(scope, room.nodePath, room.openToAll) : manages(scope, room.nodePath);
}

export function assertSeeRoom(scope: RoomScope, room: RoomSubject | undefined): asserts room is RoomSubject {
  if (!room || !canSeeRoom(scope, room)) throw errors.notFound();
}

export function assertManageRoom(scope: RoomScope, room: RoomSubject | undefined): asserts room is RoomSubject {
  assertSeeRoom(scope, room);
  if (!manages(scope, room.nodePath)) throw errors.forbidden();
}

/** 404 when invisible; 403 when visible but the caller may not book; 409 when the room is out of service. */
export function assertBookRoom(scope: RoomScope, room: RoomSubject | undefined): asserts room is RoomSubject {
  assertSeeRoom(scope, room);
  if (!canBookAt(scope, room.nodePath, room.openToAll)) throw errors.forbidden();
  if (!room.active) {
    throw errors.conflict('room_inactive', '该功能室已停用，暂不接受预约', 'This room is out of service and cannot be booked');
  }
}

export function roomActions(scope: RoomScope, room: RoomSubject): RoomAction[] {
  const out: RoomAction[] = [];
  if (room.active && canBookAt(scope, room.nodePath, room.openToAll)) out.push('book', 'waitlist');
  if (manages(scope, room.nodePath)) out.push('manage');
  if (checksIn(scope, room.nodePath)) out.push('checkin_any');
  return out;
}

/** A center is seen by those who manage it, serve an area on its branch, or may book and find it open. */
export function assertSeeCenter(scope: RoomScope, center: { nodePath: string; open: boolean } | undefined): asserts center is { nodePath: string; open: boolean } {
  if (!center || !canSee(scope, center.nodePath, center.open)) throw errors.notFound();
}

export function assertManageCenter(scope: RoomScope, center: { nodePath: string; open: boolean } | undefined): asserts center is { nodePath: string; open: boolean } {
  assertSeeCenter(scope, center);
  if (!manages(scope, center.nodePath)) throw errors.forbidden();
}

// ---- bookings ------------------------------------------------------------------------------------------------

export interface BookingSubject {
  nodePath: string;
  bookedBy: number;
  teamId: number | null;
  teamLeaderId: number | null;
}

/** The booker, any member of the booking team, or someone who manages the room. */
export function canSeeBooking(scope: RoomScope, booking: BookingSubject, myTeamIds: readonly number[]): boolean {
  return (
    booking.bookedBy === scope.userId ||
    (booking.teamId !== null && myTeamIds.includes(booking.teamId)) ||
    manages(scope, booking.nodePath) ||
    checksIn(scope, booking.nodePath)
  );
}

export function assertSeeBooking(scope: RoomScope, booking: BookingSubject | undefined, myTeamIds: readonly number[]): asserts booking is BookingSubject {
  if (!booking || !canSeeBooking(scope, booking, myTeamIds)) throw errors.notFound();
}

/** The booker themselves and, for a team booking, the team's leader; staff too (without the notice rule). */
export function isOwner(scope: RoomScope, booking: BookingSubject): boolean {
  return booking.bookedBy === scope.userId || (booking.teamId !== null && booking.teamLeaderId === scope.userId);
}

// ---- teams ---------------------------------------------------------------------------------------------------

export interface TeamSubject {
  nodePath: string;
  leaderUserId: number;
  active: boolean;
  isMember: boolean;
}

export function canSeeTeam(scope: RoomScope, team: TeamSubject): boolean {
  return team.isMember || manages(scope, team.nodePath);
}

export function assertSeeTeam(scope: RoomScope, team: TeamSubject | undefined): asserts team is TeamSubject {
  if (!team || !canSeeTeam(scope, team)) throw errors.notFound();
}

export function teamActions(scope: RoomScope, team: TeamSubject): TeamAction[] {
  const out: TeamAction[] = [];
  const manager = manages(scope, team.nodePath);
  if (manager) out.push('edit');
  if (manager || team.leaderUserId === scope.userId) out.push('manage_members');
  if (team.active && team.isMember && scope.areas.length > 0) out.push('book');
  return out;
}

import type { BookingWithRoom } from './bookings.repo.js';
import { checksIn, isOwner, manages, roomActions, type BookingAction, type RoomScope } from './rooms.policy.js';
import type { CenterWithSettings, RoomWithCenter } from './rooms.repo.js';
import { roomSubject } from './rooms.scope.js';
import { iso, isoOrNull, MINUTE_MS } from './time.js';

/** Response shapes with the actions the caller may take, so pages can hide the other buttons. */

export function presentRoom(scope: RoomScope, row: RoomWithCenter) {
  const r = row.room;
  return {
    id: r.id,
    serviceCenterId: r.serviceCenterId,
    centerName: row.centerName,
    orgNodeId: row.orgNodeId,
    scheduleId: r.scheduleId,
    scheduleName: row.scheduleName,
    name: r.name,
    kind: r.kind,
    capacity: r.capacity,
    location: r.location,
    description: r.description,
    equipment: r.equipment,
    photoFileIds: r.photoFileIds,
    requiresApproval: r.requiresApproval,
    openToAll: r.openToAll,
    centerOpenToAll: row.centerOpenToAll,
    active: r.active,
    rules: {
      slotMinutes: r.slotMinutes,
      minBookingMinutes: r.minBookingMinutes,
      maxBookingMinutes: r.maxBookingMinutes,
      minNoticeMinutes: r.minNoticeMinutes,
      maxAdvanceDays: r.maxAdvanceDays,
      cancelNoticeMinutes: r.cancelNoticeMinutes,
      noShowReleaseMinutes: r.noShowReleaseMinutes,
      checkinOpensMinutes: r.checkinOpensMinutes,
    },
    allowedActions: roomActions(scope, roomSubject(row)),
  };
}

export function presentCenter(scope: RoomScope, row: CenterWithSettings) {
  return {
    id: row.center.id,
    orgNodeId: row.center.orgNodeId,
    nodeName: row.nodeName,
    kind: row.center.kind,
    name: row.center.name,
    address: row.center.address,
    phone: row.center.phone,
    roomCount: row.roomCount,
    settings: row.settings,
    allowedActions: manages(scope, row.nodePath) ? ['manage' as const] : [],
  };
}

export function bookingActions(scope: RoomScope, row: BookingWithRoom, myTeamIds: readonly number[], now: Date): BookingAction[] {
  const b = row.booking;
  const subject = { nodePath: row.nodePath, bookedBy: b.bookedBy, teamId: b.teamId, teamLeaderId: row.teamLeaderId };
  const t = now.getTime();
  const start = b.startsAt.getTime();
  const staff = manages(scope, row.nodePath);
  const out: BookingAction[] = [];
  if (b.status === 'pending' || b.status === 'confirmed') {
    const deadline = b.status === 'pending' ? start : start - row.cancelNoticeMinutes * MINUTE_MS;
    if ((staff && t < b.endsAt.getTime()) || (isOwner(scope, subject) && t <= deadline)) out.push('cancel');
  }
  if (b.status === 'pending' && staff && t < start) out.push('approve', 'reject');
  const inWindow = t >= start - row.checkinOpensMinutes * MINUTE_MS && t < b.endsAt.getTime();
  const mine = b.bookedBy === scope.userId || (b.teamId !== null && myTeamIds.includes(b.teamId));
  if (b.status === 'confirmed' && inWindow && (mine || checksIn(scope, row.nodePath))) out.push('checkin');
  return out;
}

export function presentBooking(scope: RoomScope, row: BookingWithRoom, myTeamIds: readonly number[], now: Date) {
  const b = row.booking;
  return {
    id: b.id,
    roomId: b.roomId,
    roomName: row.roomName,
    serviceCenterId: row.serviceCenterId,
    centerName: row.centerName,
    seriesId: b.seriesId,
    team: b.teamId !== null && row.teamName !== null ? { id: b.teamId, name: row.teamName } : null,
    bookedBy: { id: b.bookedBy, displayName: row.bookerName },
    startsAt: iso(b.startsAt),
    endsAt: iso(b.endsAt),
    status: b.status,
    purpose: b.purpose,
    attendees: b.attendees,
    createdAt: iso(b.createdAt),
    decidedAt: isoOrNull(b.decidedAt),
    decisionNote: b.decisionNote,
    checkedInAt: isoOrNull(b.checkedInAt),
    checkinMethod: b.checkinMethod,
    cancelledAt: isoOrNull(b.cancelledAt),
    cancelReason: b.cancelReason,
    releasedAt: isoOrNull(b.releasedAt),
    cancelDeadline: iso(new Date(b.startsAt.getTime() - row.cancelNoticeMinutes * MINUTE_MS)),
    allowedActions: bookingActions(scope, row, myTeamIds, now),
  };
}

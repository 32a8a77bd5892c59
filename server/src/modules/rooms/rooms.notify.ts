import type { Tx } from '../../db/client.js';
import { notify } from '../../platform/notifications.js';
import type { BookingRow } from './bookings.repo.js';
import { clockOf, dateOf, spanText } from './time.js';

/**
 * What the rooms module tells people, written in the caller's transaction (inbox row + outbox message): if the
 * change rolls back, nobody hears of it. The service kicks the outbox after commit.
 */

export interface BookingNote {
  booking: BookingRow;
  roomName: string;
  /** For team bookings: the leader hears too. */
  teamLeaderId: number | null;
}

export function dayText(at: Date): string {
  const [, m, d] = dateOf(at.getTime()).split('-');
  return `${Number(m)}月${Number(d)}日`;
}

export function whenText(start: Date, end: Date): string {
  return `${dayText(start)} ${spanText(start.getTime(), end.getTime())}`;
}

const link = (id: number) => `/m/bookings/${id}`;

function recipients(note: BookingNote, except?: number | null): number[] {
  const ids = new Set([note.booking.bookedBy, ...(note.teamLeaderId ? [note.teamLeaderId] : [])]);
  if (except) ids.delete(except);
  return [...ids];
}

async function toBooker(tx: Tx, note: BookingNote, kind: string, title: string, body: string, now: Date, except?: number | null) {
  const userIds = recipients(note, except);
  if (userIds.length === 0) return;
  await notify(tx, { userIds, kind, title, body, link: link(note.booking.id), data: { bookingId: note.booking.id, roomId: note.booking.roomId } }, now);
}

export async function bookingApproved(tx: Tx, note: BookingNote, now: Date) {
  const when = whenText(note.booking.startsAt, note.booking.endsAt);
  await toBooker(tx, note, 'booking.approved', `预约已通过：${note.roomName} ${when}`, note.booking.decisionNote ?? '', now);
}

export async function bookingRejected(tx: Tx, note: BookingNote, now: Date) {
  const when = whenText(note.booking.startsAt, note.booking.endsAt);
  await toBooker(tx, note, 'booking.rejected', `预约未通过：${note.roomName} ${when}`, note.booking.decisionNote ?? '', now);
}

export async function bookingCancelled(tx: Tx, note: BookingNote, cancelledBy: number, now: Date) {
  const when = whenText(note.booking.startsAt, note.booking.endsAt);
  await toBooker(tx, note, 'booking.cancelled', `预约已被取消：${note.roomName} ${when}`, note.booking.cancelReason ?? '', now, cancelledBy);
}

export async function bookingReleased(tx: Tx, note: BookingNote, now: Date) {
  const when = whenText(note.booking.startsAt, note.booking.endsAt);
  await toBooker(
    tx,
    note,
    'booking.no_show',
    `预约未签到已释放：${note.roomName} ${when}`,
    '开始后未按时签到，场地已释放给他人，并记为一次爽约。多次爽约将暂停预约。',
    now,
  );
}

export async function requestExpired(tx: Tx, note: BookingNote, now: Date) {
  const when = whenText(note.booking.startsAt, note.booking.endsAt);
  await toBooker(tx, note, 'booking.expired', `预约申请未获审批，已失效：${note.roomName} ${when}`, '', now);
}

export async function waitlistPromoted(tx: Tx, note: BookingNote, now: Date) {
  const when = whenText(note.booking.startsAt, note.booking.endsAt);
  const pending = note.booking.status === 'pending';
  await toBooker(
    tx,
    note,
    'booking.promoted',
    `候补成功：${note.roomName} ${when}`,
    pending ? '您候补的时段已空出并为您预约，等待工作人员审批。' : '您候补的时段已空出，已为您预约成功。',
    now,
  );
}

export async function bookingSuspended(tx: Tx, userIds: number[], centerName: string, until: Date, noShows: number, now: Date) {
  if (userIds.length === 0) return;
  await notify(
    tx,
    {
      userIds,
      kind: 'booking.suspended',
      title: `因多次爽约，${centerName}的功能室预约已暂停`,
      body: `近期爽约 ${noShows} 次，暂停至 ${dayText(until)} ${clockOf(until.getTime())}。`,
      link: '/m/bookings',
      data: { until: until.toISOString() },
    },
    now,
  );
}

export async function approvalNeeded(tx: Tx, approverIds: number[], note: BookingNote, bookerName: string, now: Date) {
  if (approverIds.length === 0) return;
  const when = whenText(note.booking.startsAt, note.booking.endsAt);
  await notify(
    tx,
    {
      userIds: approverIds,
      kind: 'booking.approval_needed',
      title: `待审批：${note.roomName} ${when}`,
      body: `${bookerName} 申请使用${note.booking.purpose ? `，用途：${note.booking.purpose}` : ''}`,
      link: `/console/rooms/approvals`,
      data: { bookingId: note.booking.id, roomId: note.booking.roomId },
    },
    now,
  );
}

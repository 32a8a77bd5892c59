import type { Tx } from '../../db/client.js';
import { notify, type NoticeText } from '../../platform/notifications.js';
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

/** The same moment for English pages: "2026-03-03 19:00–21:00". */
function whenTextEn(start: Date, end: Date): string {
  return `${dateOf(start.getTime())} ${spanText(start.getTime(), end.getTime())}`;
}

const link = (id: number) => `/m/bookings/${id}`;

function recipients(note: BookingNote, except?: number | null): number[] {
  const ids = new Set([note.booking.bookedBy, ...(note.teamLeaderId ? [note.teamLeaderId] : [])]);
  if (except) ids.delete(except);
  return [...ids];
}

interface Notice {
  kind: string;
  title: string;
  body: string;
  en: NoticeText;
}

async function toBooker(tx: Tx, note: BookingNote, notice: Notice, now: Date, except?: number | null) {
  const userIds = recipients(note, except);
  if (userIds.length === 0) return;
  await notify(tx, { userIds, ...notice, link: link(note.booking.id), data: { bookingId: note.booking.id, roomId: note.booking.roomId } }, now);
}

/** "舞蹈室 3月3日 19:00–21:00" and "舞蹈室 2026-03-03 19:00–21:00": which room and when, in both languages. */
function slotOf(note: BookingNote): { zh: string; en: string } {
  const { startsAt, endsAt } = note.booking;
  return { zh: `${note.roomName} ${whenText(startsAt, endsAt)}`, en: `${note.roomName} ${whenTextEn(startsAt, endsAt)}` };
}

/**
 * A booking was made: the booker (and the team's leader) hear that it is held, or that it waits for approval;
 * a weekly booking is one notice with its number of dates.
 */
export async function bookingMade(tx: Tx, note: BookingNote, now: Date, dates = 1) {
  const slot = slotOf(note);
  const pending = note.booking.status === 'pending';
  const weekly = dates > 1;
  const zhWhat = weekly ? `${slot.zh} 起每周，共 ${dates} 次` : slot.zh;
  const enWhat = weekly ? `${slot.en}, weekly, ${dates} dates` : slot.en;
  const notice: Notice = pending
    ? {
        kind: 'booking.requested',
        title: `预约已提交，等待审批：${zhWhat}`,
        body: '工作人员审批后会再通知您。',
        en: { title: `Booking requested, awaiting approval: ${enWhat}`, body: 'You will be told once the staff have decided.' },
      }
    : {
        kind: 'booking.created',
        title: `预约成功：${zhWhat}`,
        body: '请按时到场，到场后扫描门口二维码或输入签到码签到；不能来请提前取消。',
        en: {
          title: `Booked: ${enWhat}`,
          body: 'Please come on time and check in with the code at the door; cancel ahead if you cannot come.',
        },
      };
  await toBooker(tx, note, notice, now);
}

export async function bookingApproved(tx: Tx, note: BookingNote, now: Date) {
  const slot = slotOf(note);
  const body = note.booking.decisionNote ?? '';
  await toBooker(tx, note, { kind: 'booking.approved', title: `预约已通过：${slot.zh}`, body, en: { title: `Booking approved: ${slot.en}`, body } }, now);
}

export async function bookingRejected(tx: Tx, note: BookingNote, now: Date) {
  const slot = slotOf(note);
  const body = note.booking.decisionNote ?? '';
  await toBooker(tx, note, { kind: 'booking.rejected', title: `预约未通过：${slot.zh}`, body, en: { title: `Booking not approved: ${slot.en}`, body } }, now);
}

export async function bookingCancelled(tx: Tx, note: BookingNote, cancelledBy: number, now: Date) {
  const slot = slotOf(note);
  const body = note.booking.cancelReason ?? '';
  await toBooker(
    tx,
    note,
    { kind: 'booking.cancelled', title: `预约已被取消：${slot.zh}`, body, en: { title: `Booking cancelled: ${slot.en}`, body } },
    now,
    cancelledBy,
  );
}

export async function bookingReleased(tx: Tx, note: BookingNote, now: Date) {
  const slot = slotOf(note);
  await toBooker(
    tx,
    note,
    {
      kind: 'booking.no_show',
      title: `预约未签到已释放：${slot.zh}`,
      body: '开始后未按时签到，场地已释放给他人，并记为一次爽约。多次爽约将暂停预约。',
      en: {
        title: `Booking released, nobody checked in: ${slot.en}`,
        body: 'Nobody checked in after the start, so the room was released to others and a no-show was counted. Repeated no-shows suspend booking.',
      },
    },
    now,
  );
}

export async function requestExpired(tx: Tx, note: BookingNote, now: Date) {
  const slot = slotOf(note);
  await toBooker(
    tx,
    note,
    { kind: 'booking.expired', title: `预约申请未获审批，已失效：${slot.zh}`, body: '', en: { title: `Booking request expired without approval: ${slot.en}` } },
    now,
  );
}

export async function waitlistPromoted(tx: Tx, note: BookingNote, now: Date) {
  const slot = slotOf(note);
  const pending = note.booking.status === 'pending';
  await toBooker(
    tx,
    note,
    {
      kind: 'booking.promoted',
      title: `候补成功：${slot.zh}`,
      body: pending ? '您候补的时段已空出并为您预约，等待工作人员审批。' : '您候补的时段已空出，已为您预约成功。',
      en: {
        title: `From the waitlist: ${slot.en}`,
        body: pending
          ? 'The time you were waiting for came free and was booked for you; it now waits for staff approval.'
          : 'The time you were waiting for came free and is now booked for you.',
      },
    },
    now,
  );
}

export async function bookingSuspended(tx: Tx, userIds: number[], centerName: string, until: Date, noShows: number, now: Date) {
  if (userIds.length === 0) return;
  const untilClock = clockOf(until.getTime());
  await notify(
    tx,
    {
      userIds,
      kind: 'booking.suspended',
      title: `因多次爽约，${centerName}的功能室预约已暂停`,
      body: `近期爽约 ${noShows} 次，暂停至 ${dayText(until)} ${untilClock}。`,
      en: {
        title: `Room booking at ${centerName} is suspended after repeated no-shows`,
        body: `${noShows} no-shows lately; suspended until ${dateOf(until.getTime())} ${untilClock}.`,
      },
      link: '/m/bookings',
      data: { until: until.toISOString() },
    },
    now,
  );
}

/** To the approvers of a room that needs approval; `weekly`: a weekly series asks for that many dates in all. */
export async function approvalNeeded(tx: Tx, approverIds: number[], note: BookingNote, bookerName: string, now: Date, weekly?: number) {
  if (approverIds.length === 0) return;
  const slot = slotOf(note);
  const purpose = note.booking.purpose;
  await notify(
    tx,
    {
      userIds: approverIds,
      kind: 'booking.approval_needed',
      title: `待审批：${slot.zh}`,
      body: `${bookerName}${weekly ? `（每周重复，共 ${weekly} 次）` : ''} 申请使用${purpose ? `，用途：${purpose}` : ''}`,
      en: {
        title: `Awaiting approval: ${slot.en}`,
        body: `${bookerName} asks to use it${weekly ? ` (weekly, ${weekly} dates)` : ''}${purpose ? `, for: ${purpose}` : ''}`,
      },
      link: `/console/rooms/approvals`,
      data: { bookingId: note.booking.id, roomId: note.booking.roomId },
    },
    now,
  );
}

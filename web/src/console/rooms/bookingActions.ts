import { ElMessage, ElMessageBox } from 'element-plus';
import { errorMessage } from '@/shared/api';
import { bookingsApi, type Booking } from '@/shared/api/roomsApi';
import { i18n } from '@/shared/i18n';
import { dateOfInstant, spanLabel } from '@/shared/rooms/time';

/**
 * What staff do to one booking, with the confirmation each needs. Each returns the server's fresh copy, or
 * null when the user backed out or the server refused (the refusal is shown).
 */

const t = (key: string, params: Record<string, unknown> = {}) => i18n.global.t(key, params);

function describe(b: Booking): string {
  return `${b.roomName} ${dateOfInstant(b.startsAt)} ${spanLabel(b.startsAt, b.endsAt)} · ${b.team?.name ?? b.bookedBy.displayName}`;
}

/** Ask for an optional note; null when cancelled. */
async function askNote(title: string, message: string, required = false, buttons?: { yes: string; no: string }): Promise<string | null> {
  try {
    const { value } = await ElMessageBox.prompt(message, title, {
      confirmButtonText: buttons?.yes ?? t('common.confirm'),
      cancelButtonText: buttons?.no ?? t('common.cancel'),
      inputPlaceholder: t('roomsAdmin.actions.notePlaceholder'),
      inputValidator: (v: string) => (!required || v.trim().length > 0 ? (v.length <= 200 ? true : t('roomsAdmin.actions.noteTooLong')) : t('roomsAdmin.actions.noteRequired')),
    });
    return (value ?? '').trim();
  } catch {
    return null;
  }
}

async function run(action: () => Promise<Booking>, done: string): Promise<Booking | null> {
  try {
    const updated = await action();
    ElMessage.success(done);
    return updated;
  } catch (error) {
    ElMessage.error(errorMessage(error, t('errors.unknown')));
    return null;
  }
}

export async function approveBooking(b: Booking): Promise<Booking | null> {
  const note = await askNote(t('roomsAdmin.actions.approveTitle'), describe(b));
  if (note === null) return null;
  return run(() => bookingsApi.approve(b.id, note || undefined), t('roomsAdmin.actions.approved'));
}

export async function rejectBooking(b: Booking): Promise<Booking | null> {
  // The booker is told the decision; a reason is what makes a refusal acceptable.
  const note = await askNote(t('roomsAdmin.actions.rejectTitle'), describe(b), true);
  if (note === null) return null;
  return run(() => bookingsApi.reject(b.id, note), t('roomsAdmin.actions.rejected'));
}

export async function cancelBookingAsStaff(b: Booking): Promise<Booking | null> {
  // "取消 / 确定" under a cancel dialog is a riddle: the buttons say what they do.
  const reason = await askNote(t('roomsAdmin.actions.cancelTitle'), describe(b), true, { yes: t('rooms.m.cancelYes'), no: t('rooms.m.cancelNo') });
  if (reason === null) return null;
  return run(() => bookingsApi.cancel(b.id, reason), t('roomsAdmin.actions.cancelled'));
}

export async function checkInAsStaff(b: Booking): Promise<Booking | null> {
  try {
    await ElMessageBox.confirm(t('roomsAdmin.actions.checkinConfirm', { what: describe(b) }), t('common.confirmTitle'), {
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
    });
  } catch {
    return null;
  }
  return run(() => bookingsApi.checkInByStaff(b.id), t('roomsAdmin.actions.checkedIn'));
}

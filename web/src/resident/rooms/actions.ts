import { showConfirmDialog, showSuccessToast, showToast } from 'vant';
import { errorMessage } from '@/shared/api';
import { bookingsApi, type Booking, type WaitlistEntry } from '@/shared/api/roomsApi';
import { i18n } from '@/shared/i18n';
import { dateOfInstant, spanLabel } from '@/shared/rooms/time';

/** Confirm-then-act steps the booking pages share; each returns the server's fresh copy, or null if not done. */

const t = (key: string, params: Record<string, unknown> = {}) => i18n.global.t(key, params);

/**
 * "取消 / 确定" under "取消预约？" leaves an older person guessing which button cancels: each button says what it
 * does ("取消预约" / "不取消").
 */
async function confirmed(message: string, yes: string, no: string): Promise<boolean> {
  try {
    await showConfirmDialog({ title: t('common.confirmTitle'), message, confirmButtonText: yes, cancelButtonText: no });
    return true;
  } catch {
    return false;
  }
}

export async function cancelBooking(booking: Booking): Promise<Booking | null> {
  const when = `${dateOfInstant(booking.startsAt)} ${spanLabel(booking.startsAt, booking.endsAt)}`;
  if (!(await confirmed(t('rooms.m.cancelConfirm', { room: booking.roomName, when }), t('rooms.m.cancelYes'), t('rooms.m.cancelNo')))) return null;
  try {
    const updated = await bookingsApi.cancel(booking.id);
    showSuccessToast(t('rooms.m.cancelled'));
    return updated;
  } catch (error) {
    showToast({ message: errorMessage(error, t('errors.unknown')), duration: 4000 });
    return null;
  }
}

/** Cancel every future date of a weekly booking; dates inside the notice period stay (the server says which). */
export async function cancelSeries(booking: Booking): Promise<boolean> {
  if (booking.seriesId === null) return false;
  if (!(await confirmed(t('rooms.m.cancelSeriesConfirm', { room: booking.roomName }), t('rooms.m.cancelSeriesYes'), t('rooms.m.cancelNo')))) return false;
  try {
    const result = await bookingsApi.cancelSeries(booking.seriesId);
    showToast({
      message: result.kept.length > 0 ? t('rooms.m.seriesCancelledKept', { n: result.cancelled, kept: result.kept.length }) : t('rooms.m.seriesCancelled', { n: result.cancelled }),
      duration: 4000,
    });
    return true;
  } catch (error) {
    showToast({ message: errorMessage(error, t('errors.unknown')), duration: 4000 });
    return false;
  }
}

export async function leaveWaitlist(entry: WaitlistEntry): Promise<WaitlistEntry | null> {
  if (!(await confirmed(t('rooms.m.leaveConfirm', { room: entry.roomName }), t('rooms.m.leaveYes'), t('rooms.m.leaveNo')))) return null;
  try {
    return await bookingsApi.leaveWaitlist(entry.id);
  } catch (error) {
    showToast({ message: errorMessage(error, t('errors.unknown')), duration: 4000 });
    return null;
  }
}

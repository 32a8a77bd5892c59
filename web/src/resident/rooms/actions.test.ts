import { beforeEach, describe, expect, it, vi } from 'vitest';

const dialog = vi.hoisted(() => ({ showConfirmDialog: vi.fn(), showSuccessToast: vi.fn(), showToast: vi.fn() }));
vi.mock('vant', () => dialog);

import { bookingsApi, type Booking } from '@/shared/api/roomsApi';
import { i18n } from '@/shared/i18n';
import { cancelBooking } from './actions';

const booking = { id: 7, roomName: '舞蹈室', startsAt: '2026-03-03T06:00:00Z', endsAt: '2026-03-03T08:00:00Z', seriesId: null } as unknown as Booking;

describe('cancelling a booking on the phone', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN';
    dialog.showConfirmDialog.mockReset();
  });

  it('asks with buttons that say what they do', async () => {
    dialog.showConfirmDialog.mockRejectedValue(new Error('cancel'));
    const cancel = vi.spyOn(bookingsApi, 'cancel');
    expect(await cancelBooking(booking)).toBeNull();
    expect(dialog.showConfirmDialog).toHaveBeenCalledWith(expect.objectContaining({ confirmButtonText: '取消预约', cancelButtonText: '不取消' }));
    expect(cancel).not.toHaveBeenCalled();
  });

  it('cancels when the resident chooses 取消预约, in English too', async () => {
    i18n.global.locale.value = 'en';
    dialog.showConfirmDialog.mockResolvedValue('confirm');
    const cancel = vi.spyOn(bookingsApi, 'cancel').mockResolvedValue({ ...booking, status: 'cancelled' } as Booking);
    expect(await cancelBooking(booking)).toMatchObject({ status: 'cancelled' });
    expect(dialog.showConfirmDialog).toHaveBeenCalledWith(expect.objectContaining({ confirmButtonText: 'Cancel booking', cancelButtonText: 'Keep it' }));
    expect(cancel).toHaveBeenCalledWith(7);
  });
});

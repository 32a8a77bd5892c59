import { api } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';
import { valuesOf } from './values';

/** Windows and appointments 预约办 (server/src/modules/services/appointments): one function per endpoint. */
export type ServiceWindow = ApiResponse<'/services/windows/{id}', 'get'>;
export type WindowOptions = ApiResponse<'/services/windows/options', 'get'>;
export type CreateWindowInput = ApiBody<'/services/windows', 'post'>;
export type PatchWindowInput = ApiBody<'/services/windows/{id}', 'patch'>;
export type SlotDays = ApiResponse<'/services/slots', 'get'>;
export type SlotDay = SlotDays['days'][number];
export type SlotItem = SlotDay['slots'][number];
export type SlotsQuery = ApiQuery<'/services/slots', 'get'>;
export type BookInput = ApiBody<'/services/appointments', 'post'>;
export type Appointment = ApiResponse<'/services/appointments/{id}', 'get'>;
export type AppointmentStatus = Appointment['status'];
export type CenterDayQuery = ApiQuery<'/services/appointments', 'get'>;

export const APPOINTMENT_STATUSES = valuesOf<AppointmentStatus>()(['booked', 'waiting', 'checked_in', 'served', 'cancelled', 'no_show', 'expired']);

export const servicesAppointmentsApi = {
  windows: (centerId: number, itemId?: number) => api.get('/services/windows', { query: { centerId, ...(itemId ? { itemId } : {}) } }),
  windowOptions: (centerId: number) => api.get('/services/windows/options', { query: { centerId } }),
  createWindow: (body: CreateWindowInput) => api.post('/services/windows', { body }),
  updateWindow: (id: number, body: PatchWindowInput) => api.patch('/services/windows/{id}', { path: { id }, body }),
  slots: (query: SlotsQuery, signal?: AbortSignal) => api.get('/services/slots', { query, signal }),
  book: (body: BookInput) => api.post('/services/appointments', { body }),
  mine: (upcoming?: boolean) => api.get('/services/appointments/mine', { query: { ...(upcoming ? { upcoming } : {}), limit: 100 } }),
  centerDay: (query: CenterDayQuery) => api.get('/services/appointments', { query }),
  get: (id: number) => api.get('/services/appointments/{id}', { path: { id } }),
  cancel: (id: number, reason?: string) => api.post('/services/appointments/{id}/cancel', { path: { id }, body: reason ? { reason } : {} }),
  reschedule: (id: number, startsAt: string, windowId?: number) =>
    api.post('/services/appointments/{id}/reschedule', { path: { id }, body: { startsAt, ...(windowId ? { windowId } : {}) } }),
};

/** HH:MM of an instant in China time ("2026-03-03T09:30:00+08:00" → "09:30"). */
export function clockOf(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** The next `n` dates from `from` (YYYY-MM-DD). */
export function nextDays(from: string, n: number): string[] {
  const base = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(base + i * 86_400_000).toISOString().slice(0, 10));
}

import { api } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';
import { valuesOf } from './values';

/**
 * Volunteer activities and service hours (server/src/modules/activities): the console's activities, sign-ups,
 * check-in and hours; the phone's open list, sign-up, QR check-in and my hours.
 */
export type ActivityDetail = ApiResponse<'/activities/{id}', 'get'>;
export type Activity = ApiResponse<'/activities', 'get'>['items'][number];
export type ActivityInput = ApiBody<'/activities', 'post'>;
export type ActivityPatch = ApiBody<'/activities/{id}', 'patch'>;
export type ActivityListQuery = ApiQuery<'/activities', 'get'>;
export type OpenListQuery = ApiQuery<'/activities/open', 'get'>;
export type ActivityCard = ApiResponse<'/activities/{id}/card', 'get'>;
export type Signup = ApiResponse<'/activities/{id}/signups', 'get'>['items'][number];
export type HourEntry = ApiResponse<'/hour-entries', 'get'>['items'][number];
export type HourEntryQuery = ApiQuery<'/hour-entries', 'get'>;
export type MyHours = ApiResponse<'/hour-entries/mine', 'get'>;
export type ServiceCategory = Activity['category'];
export type HourEntryStatus = HourEntry['status'];
export type SignupStatus = Signup['status'];

export const SERVICE_CATEGORIES = valuesOf<ServiceCategory>()([
  'elderly_care',
  'children',
  'environment',
  'public_safety',
  'culture',
  'health',
  'digital_help',
  'civility',
  'emergency',
  'other',
]);
export const HOUR_ENTRY_STATUSES = valuesOf<HourEntryStatus>()(['pending', 'awaiting_approval', 'confirmed', 'rejected']);

export const activitiesApi = {
  list: (query: ActivityListQuery, signal?: AbortSignal) => api.get('/activities', { query, signal }),
  get: (id: number) => api.get('/activities/{id}', { path: { id } }),
  create: (body: ActivityInput) => api.post('/activities', { body }),
  edit: (id: number, body: ActivityPatch) => api.patch('/activities/{id}', { path: { id }, body }),
  cancel: (id: number, reason: string) => api.post('/activities/{id}/cancel', { path: { id }, body: { reason } }),
  rotateToken: (id: number) => api.post('/activities/{id}/token', { path: { id } }),
  signups: (id: number) => api.get('/activities/{id}/signups', { path: { id } }),
  removeSignup: (id: number, signupId: number, reason: string) => api.post('/activities/{id}/signups/{signupId}/remove', { path: { id, signupId }, body: { reason } }),
  qr: (id: number) => api.get('/activities/{id}/qr', { path: { id } }),
  check: (id: number, signupId: number, action: 'in' | 'out') => api.post('/activities/{id}/signups/{signupId}/check', { path: { id, signupId }, body: { action } }),
  // The phone
  open: (query: OpenListQuery, signal?: AbortSignal) => api.get('/activities/open', { query, signal }),
  card: (id: number) => api.get('/activities/{id}/card', { path: { id } }),
  signUp: (id: number) => api.post('/activities/{id}/signup', { path: { id } }),
  cancelSignup: (id: number) => api.post('/activities/{id}/signup/cancel', { path: { id } }),
  checkinStatus: (token: string) => api.get('/activities/checkin/{token}', { path: { token } }),
  checkin: (token: string, action: 'in' | 'out') => api.post('/activities/checkin/{token}', { path: { token }, body: { action } }),
};

export const hoursApi = {
  list: (query: HourEntryQuery, signal?: AbortSignal) => api.get('/hour-entries', { query, signal }),
  mine: () => api.get('/hour-entries/mine', { query: { limit: 100 } }),
  approvals: () => api.get('/hour-entries/approvals', { query: { limit: 200 } }),
  confirm: (ids: number[]) => api.post('/hour-entries/confirm', { body: { ids } }),
  approve: (ids: number[]) => api.post('/hour-entries/approve', { body: { ids } }),
  adjust: (id: number, minutes: number, reason: string) => api.post('/hour-entries/{id}/adjust', { path: { id }, body: { minutes, reason } }),
  reject: (id: number, reason: string) => api.post('/hour-entries/{id}/reject', { path: { id }, body: { reason } }),
  /** A plain link: the browser downloads it with the session cookie. */
  exportUrl: (query: ApiQuery<'/hour-entries/export', 'get'>) => api.url('/hour-entries/export', { query }),
};

/** "2 小时 30 分" from minutes. */
export function hoursOf(minutes: number): number {
  return Math.round((minutes / 60) * 10) / 10;
}

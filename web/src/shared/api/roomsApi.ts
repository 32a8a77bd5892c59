import { api } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';
import { valuesOf } from './values';

/**
 * Function rooms, their opening hours, teams and bookings (server/src/modules/rooms/*.routes.ts): one function per
 * endpoint, and the names pages use for the generated shapes (schema.d.ts). Instants come back in China time with
 * their offset ("2026-03-03T19:00:00+08:00"), dates as YYYY-MM-DD, clock times as HH:MM (24:00 = midnight).
 */

// ---- rooms and centers -----------------------------------------------------------------------------------------

export type Room = ApiResponse<'/rooms/{id}', 'get'>;
export type RoomKind = Room['kind'];
export type RoomRules = Room['rules'];
export type CreateRoomInput = ApiBody<'/rooms', 'post'>;
export type PatchRoomInput = ApiBody<'/rooms/{id}', 'patch'>;
/** The room form: every field a room has, the rules possibly in part. */
export type RoomInput = Required<Omit<PatchRoomInput, 'active' | 'photoFileIds'>>;
export type RoomQr = ApiResponse<'/rooms/{id}/qr', 'get'>;
export const ROOM_KINDS = valuesOf<RoomKind>()([
  'dance',
  'chess_cards',
  'table_tennis',
  'singing',
  'reading',
  'meeting',
  'childcare',
  'day_care',
  'calligraphy',
  'fitness',
  'other',
]);
/** The grid bookings start and end on (minutes), as the server accepts it (rooms.schema.ts SLOT_MINUTES). */
export const SLOT_MINUTES: readonly number[] = [5, 10, 15, 20, 30, 60];

export type RoomCenter = ApiResponse<'/rooms/centers/{centerId}', 'get'>;
export type CenterSettings = ApiBody<'/rooms/centers/{centerId}/settings', 'put'>;
export type Quota = ApiResponse<'/rooms/centers/{centerId}/quotas', 'get'>['items'][number];
export type QuotaInput = ApiBody<'/rooms/centers/{centerId}/quotas', 'put'>['quotas'][number];
export type Suspension = ApiResponse<'/rooms/centers/{centerId}/suspensions', 'get'>['items'][number];

// ---- opening hours ---------------------------------------------------------------------------------------------

export type Schedule = ApiResponse<'/rooms/schedules/{id}', 'patch'>;
export type HolidayMode = Schedule['holidayMode'];
export type SchedulePurpose = Schedule['purpose'];
export type HoursRule = ApiBody<'/rooms/schedules/{id}/rules', 'put'>['rules'][number];
export type HoursException = ApiResponse<'/rooms/schedules/{id}/exceptions', 'post'>;
export type ExceptionInput = ApiBody<'/rooms/schedules/{id}/exceptions', 'post'>;
export type CenterHours = ApiResponse<'/rooms/centers/{centerId}/hours', 'get'>;
export type ResolvedDay = CenterHours['schedules'][number]['days'][number];
export type TimeSpan = ResolvedDay['hours'][number];

// ---- teams -----------------------------------------------------------------------------------------------------

export type Team = ApiResponse<'/teams', 'get'>['items'][number];
export type TeamKind = Team['kind'];
export const TEAM_KINDS = valuesOf<TeamKind>()(['dance', 'choir', 'chess_cards', 'sports', 'interest_class', 'volunteer', 'other']);
export type TeamDetail = ApiResponse<'/teams/{id}', 'get'>;
export type TeamMember = TeamDetail['members'][number];
export type CreateTeamInput = ApiBody<'/teams', 'post'>;
export type PatchTeamInput = ApiBody<'/teams/{id}', 'patch'>;

// ---- bookings, series, quotas, the waitlist ----------------------------------------------------------------------

export type Booking = ApiResponse<'/bookings/{id}', 'get'>;
export type BookingStatus = Booking['status'];
export const BOOKING_STATUSES = valuesOf<BookingStatus>()(['pending', 'confirmed', 'checked_in', 'cancelled', 'rejected', 'no_show', 'expired']);
/** Statuses that hold the room: the database keeps these from overlapping. */
export const HOLDING_STATUSES: readonly BookingStatus[] = ['pending', 'confirmed', 'checked_in'];
export type CreateBookingInput = ApiBody<'/bookings', 'post'>;
export type CreateSeriesInput = ApiBody<'/bookings/series', 'post'>;
export type SeriesResult = ApiResponse<'/bookings/series', 'post'>;
export type Occurrence = SeriesResult['occurrences'][number];
export type SeriesDetail = ApiResponse<'/bookings/series/{id}', 'get'>;
export type SeriesCancelResult = ApiResponse<'/bookings/series/{id}/cancel', 'post'>;
export type QuotaStatus = ApiResponse<'/bookings/quota', 'get'>;
export type WaitlistEntry = ApiResponse<'/bookings/waitlist/{id}/leave', 'post'>;
export type WaitlistStatus = WaitlistEntry['status'];
export type JoinWaitlistInput = ApiBody<'/bookings/waitlist', 'post'>;

export type RoomAvailability = ApiResponse<'/rooms/{id}/availability', 'get'>;
export type AvailabilityDay = RoomAvailability['days'][number];
export type BusySpan = AvailabilityDay['busy'][number];
export type CenterAvailability = ApiResponse<'/rooms/centers/{centerId}/availability', 'get'>;

export type Utilisation = ApiResponse<'/rooms/{id}/utilisation', 'get'>;
export type UtilisationPeriod = Utilisation['period'];
export type HeatCell = Utilisation['heatmap'][number];

/**
 * The details of a 409 slot_taken (server/src/modules/rooms/freeTime.ts slotTakenError): when the room is free
 * instead that day. Error bodies are not in the OpenAPI document, so this one shape is written here.
 */
export interface InstantSpan {
  startsAt: string;
  endsAt: string;
}
export interface SlotTakenDetails {
  date: string;
  freeWindows: InstantSpan[];
  suggestions: InstantSpan[];
}

// ---- endpoints -------------------------------------------------------------------------------------------------

export const roomCentersApi = {
  list: (nodeId?: number) => api.get('/rooms/centers', { query: { nodeId } }),
  get: (centerId: number) => api.get('/rooms/centers/{centerId}', { path: { centerId } }),
  putSettings: (centerId: number, body: CenterSettings) => api.put('/rooms/centers/{centerId}/settings', { path: { centerId }, body }),
  quotas: (centerId: number) => api.get('/rooms/centers/{centerId}/quotas', { path: { centerId } }),
  putQuotas: (centerId: number, quotas: QuotaInput[]) => api.put('/rooms/centers/{centerId}/quotas', { path: { centerId }, body: { quotas } }),
  availability: (centerId: number, from: string, to: string) =>
    api.get('/rooms/centers/{centerId}/availability', { path: { centerId }, query: { from, to } }),
  utilisation: (centerId: number, from: string, to: string, period: UtilisationPeriod) =>
    api.get('/rooms/centers/{centerId}/utilisation', { path: { centerId }, query: { from, to, period } }),
  hours: (centerId: number, from: string, to: string) => api.get('/rooms/centers/{centerId}/hours', { path: { centerId }, query: { from, to } }),
  suspensions: (centerId: number) => api.get('/rooms/centers/{centerId}/suspensions', { path: { centerId } }),
  liftSuspension: (centerId: number, id: number) => api.post('/rooms/centers/{centerId}/suspensions/{id}/lift', { path: { centerId, id } }),
};

export const roomsApi = {
  list: (query: ApiQuery<'/rooms', 'get'> = {}) => api.get('/rooms', { query }),
  get: (id: number) => api.get('/rooms/{id}', { path: { id } }),
  create: (body: CreateRoomInput) => api.post('/rooms', { body }),
  update: (id: number, body: PatchRoomInput) => api.patch('/rooms/{id}', { path: { id }, body }),
  qr: (id: number) => api.get('/rooms/{id}/qr', { path: { id } }),
  renewQr: (id: number) => api.post('/rooms/{id}/qr/renew', { path: { id } }),
  availability: (id: number, from: string, to: string) => api.get('/rooms/{id}/availability', { path: { id }, query: { from, to } }),
  utilisation: (id: number, from: string, to: string, period: UtilisationPeriod) =>
    api.get('/rooms/{id}/utilisation', { path: { id }, query: { from, to, period } }),
};

export const schedulesApi = {
  list: (centerId: number) => api.get('/rooms/centers/{centerId}/schedules', { path: { centerId } }),
  create: (centerId: number, body: ApiBody<'/rooms/centers/{centerId}/schedules', 'post'>) =>
    api.post('/rooms/centers/{centerId}/schedules', { path: { centerId }, body }),
  update: (id: number, body: ApiBody<'/rooms/schedules/{id}', 'patch'>) => api.patch('/rooms/schedules/{id}', { path: { id }, body }),
  putRules: (id: number, rules: HoursRule[]) => api.put('/rooms/schedules/{id}/rules', { path: { id }, body: { rules } }),
  addException: (id: number, body: ExceptionInput) => api.post('/rooms/schedules/{id}/exceptions', { path: { id }, body }),
  deleteException: (id: number, exceptionId: number) =>
    api.delete('/rooms/schedules/{id}/exceptions/{exceptionId}', { path: { id, exceptionId } }),
};

export const teamsApi = {
  list: (query: ApiQuery<'/teams', 'get'> = {}) => api.get('/teams', { query }),
  get: (id: number) => api.get('/teams/{id}', { path: { id } }),
  create: (body: CreateTeamInput) => api.post('/teams', { body }),
  update: (id: number, body: PatchTeamInput) => api.patch('/teams/{id}', { path: { id }, body }),
  addMember: (id: number, body: ApiBody<'/teams/{id}/members', 'post'>) => api.post('/teams/{id}/members', { path: { id }, body }),
  removeMember: (id: number, userId: number) => api.delete('/teams/{id}/members/{userId}', { path: { id, userId } }),
};

export const bookingsApi = {
  create: (body: CreateBookingInput) => api.post('/bookings', { body }),
  /** The staff calendar: at most 62 days. */
  listForStaff: (query: ApiQuery<'/bookings', 'get'>) => api.get('/bookings', { query }),
  mine: (query: ApiQuery<'/bookings/mine', 'get'> = {}) => api.get('/bookings/mine', { query }),
  get: (id: number) => api.get('/bookings/{id}', { path: { id } }),
  quota: (roomId: number, teamId?: number | null, date?: string) =>
    api.get('/bookings/quota', { query: { roomId, teamId: teamId ?? undefined, date } }),
  createSeries: (body: CreateSeriesInput) => api.post('/bookings/series', { body }),
  series: (id: number) => api.get('/bookings/series/{id}', { path: { id } }),
  cancelSeries: (id: number, reason?: string) => api.post('/bookings/series/{id}/cancel', { path: { id }, body: { reason } }),
  cancel: (id: number, reason?: string) => api.post('/bookings/{id}/cancel', { path: { id }, body: { reason } }),
  approve: (id: number, note?: string) => api.post('/bookings/{id}/approve', { path: { id }, body: { note } }),
  reject: (id: number, note?: string) => api.post('/bookings/{id}/reject', { path: { id }, body: { note } }),
  checkInByStaff: (id: number) => api.post('/bookings/{id}/checkin', { path: { id } }),
  checkInByCode: (token: string) => api.post('/bookings/checkin', { body: { token } }),
  waitlist: () => api.get('/bookings/waitlist'),
  joinWaitlist: (body: JoinWaitlistInput) => api.post('/bookings/waitlist', { body }),
  leaveWaitlist: (id: number) => api.post('/bookings/waitlist/{id}/leave', { path: { id } }),
};

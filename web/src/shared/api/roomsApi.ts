import { api } from './index';
import type {
  Booking,
  BookingStatus,
  CenterAvailability,
  CenterHours,
  CenterSettings,
  CreateBookingInput,
  CreateRoomInput,
  CreateSeriesInput,
  CreateTeamInput,
  ExceptionInput,
  HolidayMode,
  HoursException,
  HoursRule,
  JoinWaitlistInput,
  PatchRoomInput,
  PatchTeamInput,
  Quota,
  QuotaInput,
  QuotaStatus,
  Room,
  RoomAvailability,
  RoomCenter,
  RoomKind,
  RoomQr,
  Schedule,
  SchedulePurpose,
  SeriesCancelResult,
  SeriesDetail,
  SeriesResult,
  Suspension,
  TeamDetail,
  Team,
  Utilisation,
  UtilisationPeriod,
  WaitlistEntry,
} from './roomTypes';

/** The function-room endpoints (server/src/modules/rooms/*.routes.ts), one function each. */

type Items<T> = { items: T[] };

export const roomCentersApi = {
  list: (nodeId?: number) => api.get<Items<RoomCenter>>('/rooms/centers', { nodeId }),
  get: (id: number) => api.get<RoomCenter>(`/rooms/centers/${id}`),
  putSettings: (id: number, settings: CenterSettings) => api.put<RoomCenter>(`/rooms/centers/${id}/settings`, settings),
  quotas: (id: number) => api.get<Items<Quota>>(`/rooms/centers/${id}/quotas`),
  putQuotas: (id: number, quotas: QuotaInput[]) => api.put<Items<Quota>>(`/rooms/centers/${id}/quotas`, { quotas }),
  availability: (id: number, from: string, to: string) => api.get<CenterAvailability>(`/rooms/centers/${id}/availability`, { from, to }),
  utilisation: (id: number, from: string, to: string, period: UtilisationPeriod) =>
    api.get<Utilisation>(`/rooms/centers/${id}/utilisation`, { from, to, period }),
  hours: (id: number, from: string, to: string) => api.get<CenterHours>(`/rooms/centers/${id}/hours`, { from, to }),
  suspensions: (id: number) => api.get<Items<Suspension>>(`/rooms/centers/${id}/suspensions`),
  liftSuspension: (id: number, suspensionId: number) => api.post<Items<Suspension>>(`/rooms/centers/${id}/suspensions/${suspensionId}/lift`),
};

export const roomsApi = {
  list: (query: { centerId?: number; kind?: RoomKind } = {}) => api.get<Items<Room>>('/rooms', query),
  get: (id: number) => api.get<Room>(`/rooms/${id}`),
  create: (input: CreateRoomInput) => api.post<Room>('/rooms', input),
  update: (id: number, input: PatchRoomInput) => api.patch<Room>(`/rooms/${id}`, input),
  qr: (id: number) => api.get<RoomQr>(`/rooms/${id}/qr`),
  renewQr: (id: number) => api.post<RoomQr>(`/rooms/${id}/qr/renew`),
  availability: (id: number, from: string, to: string) => api.get<RoomAvailability>(`/rooms/${id}/availability`, { from, to }),
  utilisation: (id: number, from: string, to: string, period: UtilisationPeriod) => api.get<Utilisation>(`/rooms/${id}/utilisation`, { from, to, period }),
};

export const schedulesApi = {
  list: (centerId: number) => api.get<Items<Schedule>>(`/rooms/centers/${centerId}/schedules`),
  create: (centerId: number, input: { name: string; purpose: SchedulePurpose; holidayMode?: HolidayMode; rules?: HoursRule[] }) =>
    api.post<Schedule>(`/rooms/centers/${centerId}/schedules`, input),
  update: (id: number, input: { name?: string; holidayMode?: HolidayMode }) => api.patch<Schedule>(`/rooms/schedules/${id}`, input),
  putRules: (id: number, rules: HoursRule[]) => api.put<Schedule>(`/rooms/schedules/${id}/rules`, { rules }),
  addException: (id: number, input: ExceptionInput) => api.post<HoursException>(`/rooms/schedules/${id}/exceptions`, input),
  deleteException: (id: number, exceptionId: number) => api.delete<void>(`/rooms/schedules/${id}/exceptions/${exceptionId}`),
};

export const teamsApi = {
  list: (query: { nodeId?: number; mine?: boolean; q?: string } = {}) => api.get<Items<Team>>('/teams', query),
  get: (id: number) => api.get<TeamDetail>(`/teams/${id}`),
  create: (input: CreateTeamInput) => api.post<TeamDetail>('/teams', input),
  update: (id: number, input: PatchTeamInput) => api.patch<TeamDetail>(`/teams/${id}`, input),
  addMember: (id: number, member: { userId?: number; login?: string }) => api.post<TeamDetail>(`/teams/${id}/members`, member),
  removeMember: (id: number, userId: number) => api.delete<void>(`/teams/${id}/members/${userId}`),
};

export const bookingsApi = {
  create: (input: CreateBookingInput) => api.post<Booking>('/bookings', input),
  /** The staff calendar: at most 62 days. */
  listForStaff: (query: { from: string; to: string; centerId?: number; roomId?: number; teamId?: number; status?: readonly BookingStatus[] }) =>
    api.get<Items<Booking>>('/bookings', query),
  mine: (query: { from?: string; to?: string; limit?: number; status?: readonly BookingStatus[] } = {}) => api.get<Items<Booking>>('/bookings/mine', query),
  get: (id: number) => api.get<Booking>(`/bookings/${id}`),
  quota: (roomId: number, teamId?: number | null, date?: string) =>
    api.get<QuotaStatus>('/bookings/quota', { roomId, teamId: teamId ?? undefined, date }),
  createSeries: (input: CreateSeriesInput) => api.post<SeriesResult>('/bookings/series', input),
  series: (id: number) => api.get<SeriesDetail>(`/bookings/series/${id}`),
  cancelSeries: (id: number, reason?: string) => api.post<SeriesCancelResult>(`/bookings/series/${id}/cancel`, { reason }),
  cancel: (id: number, reason?: string) => api.post<Booking>(`/bookings/${id}/cancel`, { reason }),
  approve: (id: number, note?: string) => api.post<Booking>(`/bookings/${id}/approve`, { note }),
  reject: (id: number, note?: string) => api.post<Booking>(`/bookings/${id}/reject`, { note }),
  checkInByStaff: (id: number) => api.post<Booking>(`/bookings/${id}/checkin`),
  checkInByCode: (token: string) => api.post<Booking>('/bookings/checkin', { token }),
  waitlist: () => api.get<Items<WaitlistEntry>>('/bookings/waitlist'),
  joinWaitlist: (input: JoinWaitlistInput) => api.post<WaitlistEntry>('/bookings/waitlist', input),
  leaveWaitlist: (id: number) => api.post<WaitlistEntry>(`/bookings/waitlist/${id}/leave`),
};

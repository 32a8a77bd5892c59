/**
 * Shapes of the booking side of the function-room API (server/src/modules/rooms/bookings.schema.ts and
 * utilisation.schema.ts): bookings, weekly series, quotas, the waitlist, availability and utilisation.
 * Re-exported by roomTypes.ts, so pages import every room type from there.
 */
import type { QuotaSubject, TimeSpan } from './roomTypes';
import type { LocalizedText } from './types';

// ---- bookings --------------------------------------------------------------------------------------------------

export const BOOKING_STATUSES = ['pending', 'confirmed', 'checked_in', 'cancelled', 'rejected', 'no_show', 'expired'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export type BookingAction = 'cancel' | 'approve' | 'reject' | 'checkin';

/** Statuses that hold the room: the database keeps these from overlapping. */
export const HOLDING_STATUSES: readonly BookingStatus[] = ['pending', 'confirmed', 'checked_in'];

export interface Booking {
  id: number;
  roomId: number;
  roomName: string;
  serviceCenterId: number;
  centerName: string;
  seriesId: number | null;
  team: { id: number; name: string } | null;
  bookedBy: { id: number; displayName: string };
  startsAt: string;
  endsAt: string;
  status: BookingStatus;
  purpose: string;
  attendees: number | null;
  createdAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  checkedInAt: string | null;
  checkinMethod: 'qr' | 'staff' | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  releasedAt: string | null;
  /** Until when the booker may still cancel it themselves. */
  cancelDeadline: string;
  allowedActions: BookingAction[];
}

export interface CreateBookingInput {
  roomId: number;
  startsAt: string;
  endsAt: string;
  teamId?: number | null;
  purpose?: string;
  attendees?: number | null;
}

export interface CreateSeriesInput {
  roomId: number;
  teamId?: number | null;
  weekdays: number[];
  startTime: string;
  endTime: string;
  firstDate: string;
  lastDate: string;
  purpose?: string;
  attendees?: number | null;
  skipConflicts: boolean;
  dryRun: boolean;
}

/** Why one date of a series (or a waitlist promotion) cannot be booked. */
export interface Problem {
  code: string;
  messages: LocalizedText;
  details?: unknown;
}

export interface Occurrence {
  date: string;
  startsAt: string;
  endsAt: string;
  ok: boolean;
  bookingId: number | null;
  status: BookingStatus | null;
  problem: Problem | null;
}

export interface Series {
  id: number;
  roomId: number;
  teamId: number | null;
  weekdays: number[];
  startTime: string;
  endTime: string;
  firstDate: string;
  lastDate: string;
  purpose: string;
  cancelledAt: string | null;
}

export interface SeriesResult {
  dryRun: boolean;
  series: Series | null;
  booked: number;
  skipped: number;
  occurrences: Occurrence[];
}

export interface SeriesDetail {
  series: Series;
  bookings: Booking[];
}

export interface SeriesCancelResult {
  cancelled: number;
  kept: Booking[];
}

export interface QuotaStatus {
  items: {
    scope: 'room' | 'center';
    subject: QuotaSubject;
    limitMinutes: number;
    usedMinutes: number;
    remainingMinutes: number;
    weekStart: string;
  }[];
  suspendedUntil: string | null;
}

export type WaitlistStatus = 'waiting' | 'promoted' | 'left' | 'expired';

export interface WaitlistEntry {
  id: number;
  roomId: number;
  roomName: string;
  team: { id: number; name: string } | null;
  startsAt: string;
  endsAt: string;
  purpose: string;
  status: WaitlistStatus;
  /** 1 = next in line (while waiting). */
  position: number | null;
  createdAt: string;
  bookingId: number | null;
  allowedActions: 'leave'[];
}

export interface JoinWaitlistInput {
  roomId: number;
  startsAt: string;
  endsAt: string;
  teamId?: number | null;
  purpose?: string;
}

export interface InstantSpan {
  startsAt: string;
  endsAt: string;
}

/** A stretch of one day in clock times (China time), as availability reports them. */
export interface ClockSpan {
  starts: string;
  ends: string;
}

export interface BusySpan extends ClockSpan {
  status: BookingStatus;
  /** The team holding it; personal bookings stay anonymous. */
  team: string | null;
  /** Mine or my team's. */
  mine: boolean;
}

export interface AvailabilityDay {
  date: string;
  open: boolean;
  hours: TimeSpan[];
  /** Held times of the day. */
  busy: BusySpan[];
  /** Free and still bookable (after the notice period). */
  free: ClockSpan[];
}

export interface RoomAvailability {
  roomId: number;
  name: string;
  kind: string;
  capacity: number | null;
  requiresApproval: boolean;
  days: AvailabilityDay[];
}

export interface CenterAvailability {
  serviceCenterId: number;
  from: string;
  to: string;
  rooms: RoomAvailability[];
}

/** Details of a 409 slot_taken: when the room is free instead that day. */
export interface SlotTakenDetails {
  date: string;
  freeWindows: InstantSpan[];
  suggestions: InstantSpan[];
}

// ---- utilisation -----------------------------------------------------------------------------------------------

export type UtilisationPeriod = 'week' | 'month';

export interface UtilisationFigures {
  openHours: number;
  bookedHours: number;
  usedHours: number;
  bookedRatio: number | null;
  usedRatio: number | null;
}

export interface HeatCell {
  weekday: number;
  hour: number;
  bookedHours: number;
}

export interface Utilisation {
  roomId: number | null;
  serviceCenterId: number;
  from: string;
  to: string;
  period: UtilisationPeriod;
  totals: UtilisationFigures;
  buckets: (UtilisationFigures & { key: string; from: string; to: string })[];
  rooms: (UtilisationFigures & { roomId: number; name: string })[];
  heatmap: HeatCell[];
  busiestHours: HeatCell[];
  teams: { teamId: number; name: string; bookedHours: number; usedHours: number; noShows: number; bookings: number }[];
}

/** Booking suspended at a center after repeated no-shows: a resident's personal bookings, or a team's. */
export interface Suspension {
  id: number;
  serviceCenterId: number;
  user: { id: number; displayName: string } | null;
  team: { id: number; name: string } | null;
  startsAt: string;
  endsAt: string;
  noShows: number;
  allowedActions: 'lift'[];
}

/**
 * Shapes of the function-room API (server/src/modules/rooms/*.schema.ts). Instants come back in China time
 * with their offset ("2026-03-03T19:00:00+08:00"), dates as YYYY-MM-DD, clock times as HH:MM (24:00 = midnight).
 */

export const ROOM_KINDS = [
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
] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

export type RoomAction = 'book' | 'waitlist' | 'manage' | 'checkin_any';

/** The grid bookings start and end on (minutes), as the server accepts it. */
export const SLOT_MINUTES = [5, 10, 15, 20, 30, 60] as const;

export interface RoomRules {
  slotMinutes: number;
  minBookingMinutes: number;
  maxBookingMinutes: number;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
  cancelNoticeMinutes: number;
  noShowReleaseMinutes: number;
  checkinOpensMinutes: number;
}

export interface Room {
  id: number;
  serviceCenterId: number;
  centerName: string;
  orgNodeId: number;
  scheduleId: number;
  scheduleName: string;
  name: string;
  kind: RoomKind;
  capacity: number | null;
  location: string | null;
  description: string;
  equipment: string[];
  photoFileIds: string[];
  requiresApproval: boolean;
  openToAll: boolean;
  centerOpenToAll: boolean;
  active: boolean;
  rules: RoomRules;
  allowedActions: RoomAction[];
}

export interface RoomInput {
  name: string;
  kind: RoomKind;
  capacity: number | null;
  location: string | null;
  description: string;
  equipment: string[];
  requiresApproval: boolean;
  openToAll: boolean;
  scheduleId: number;
  rules: Partial<RoomRules>;
}

export interface CreateRoomInput extends Partial<RoomInput> {
  serviceCenterId: number;
  name: string;
  kind: RoomKind;
}

export type PatchRoomInput = Partial<RoomInput> & { active?: boolean };

export interface RoomQr {
  roomId: number;
  /** What the code encodes: /m/rooms/checkin?token=… */
  checkinUrl: string;
  token: string;
  /** An SVG document. */
  svg: string;
}

export interface CenterSettings {
  openToAll: boolean;
  noShowLimit: number;
  noShowWindowDays: number;
  suspensionDays: number;
}

export interface RoomCenter {
  id: number;
  orgNodeId: number;
  nodeName: string;
  kind: 'center' | 'station';
  name: string;
  address: string | null;
  phone: string | null;
  roomCount: number;
  settings: CenterSettings;
  allowedActions: 'manage'[];
}

export type QuotaSubject = 'team' | 'resident';

export interface Quota {
  id: number;
  /** null: the whole center. */
  roomId: number | null;
  subject: QuotaSubject;
  hoursPerWeek: number;
}

export type QuotaInput = Omit<Quota, 'id'>;

// ---- opening hours ---------------------------------------------------------------------------------------------

export type HolidayMode = 'open' | 'closed' | 'sunday';
export type SchedulePurpose = 'hall' | 'rooms';
export type ExceptionKind = 'closed' | 'open' | 'extended';

export interface HoursRule {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  opens: string;
  closes: string;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface HoursException {
  id: number;
  scheduleId: number;
  roomId: number | null;
  dateFrom: string;
  dateTo: string;
  kind: ExceptionKind;
  opens: string | null;
  closes: string | null;
  note: string | null;
}

export interface ExceptionInput {
  dateFrom: string;
  dateTo?: string;
  kind: ExceptionKind;
  opens?: string | null;
  closes?: string | null;
  roomId?: number | null;
  note?: string | null;
}

export interface Schedule {
  id: number;
  serviceCenterId: number;
  name: string;
  purpose: SchedulePurpose;
  holidayMode: HolidayMode;
  roomCount: number;
  rules: HoursRule[];
  /** Exceptions ending today or later. */
  exceptions: HoursException[];
  allowedActions: 'manage'[];
}

export interface TimeSpan {
  opens: string;
  closes: string;
}

export interface ResolvedDay {
  date: string;
  weekday: number;
  open: boolean;
  hours: TimeSpan[];
  ruleSet: { validFrom: string | null; validTo: string | null } | null;
  holiday: { name: string | null } | null;
  holidayKnown: boolean;
  exceptions: { id: number; kind: ExceptionKind; roomId: number | null; note: string | null }[];
}

export interface ScheduleDays {
  scheduleId: number;
  name: string;
  purpose: SchedulePurpose;
  holidayMode: HolidayMode;
  days: ResolvedDay[];
}

export interface CenterHours {
  serviceCenterId: number;
  schedules: ScheduleDays[];
  rooms: { roomId: number; name: string; scheduleId: number; days: ResolvedDay[] }[];
}

// ---- teams -----------------------------------------------------------------------------------------------------

export const TEAM_KINDS = ['dance', 'choir', 'chess_cards', 'sports', 'interest_class', 'volunteer', 'other'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];
export type TeamAction = 'edit' | 'manage_members' | 'book';

export interface Team {
  id: number;
  orgNodeId: number;
  nodeName: string;
  name: string;
  kind: TeamKind;
  leader: { id: number; displayName: string };
  description: string;
  active: boolean;
  memberCount: number;
  isMember: boolean;
  createdAt: string;
  allowedActions: TeamAction[];
}

export interface TeamMember {
  userId: number;
  displayName: string;
  joinedAt: string;
  isLeader: boolean;
}

export interface TeamDetail extends Team {
  members: TeamMember[];
}

export interface CreateTeamInput {
  orgNodeId: number;
  name: string;
  kind: TeamKind;
  leaderUserId: number;
  description?: string;
  memberIds?: number[];
}

export interface PatchTeamInput {
  name?: string;
  kind?: TeamKind;
  leaderUserId?: number;
  description?: string;
  active?: boolean;
}

export * from './bookingTypes';

import { Type, type Static } from 'typebox';
import { Nullable } from './common.schema.js';
import { Id } from '../../platform/schema.js';

export const RoomKind = Type.Union(
  [
    Type.Literal('dance'),
    Type.Literal('chess_cards'),
    Type.Literal('table_tennis'),
    Type.Literal('singing'),
    Type.Literal('reading'),
    Type.Literal('meeting'),
    Type.Literal('childcare'),
    Type.Literal('day_care'),
    Type.Literal('calligraphy'),
    Type.Literal('fitness'),
    Type.Literal('other'),
  ],
  { description: '舞蹈室, 棋牌室, 乒乓球室, 歌唱室, 书屋, 会议室, 托管室, 日间照料室, 书法室, 健身室, other' },
);

export const RoomAction = Type.Union([Type.Literal('book'), Type.Literal('waitlist'), Type.Literal('manage'), Type.Literal('checkin_any')]);

export const SLOT_MINUTES = [5, 10, 15, 20, 30, 60];
const SlotMinutes = Type.Integer({ minimum: 5, maximum: 60, description: 'Bookings start and end on this grid: 5, 10, 15, 20, 30 or 60' });

export const RoomRules = Type.Object({
  slotMinutes: SlotMinutes,
  minBookingMinutes: Type.Integer({ minimum: 5, maximum: 1440 }),
  maxBookingMinutes: Type.Integer({ minimum: 5, maximum: 1440 }),
  minNoticeMinutes: Type.Integer({ minimum: 0, maximum: 20_160, description: 'How long before the start a booking must be made' }),
  maxAdvanceDays: Type.Integer({ minimum: 1, maximum: 366, description: 'How many days ahead bookings open' }),
  cancelNoticeMinutes: Type.Integer({ minimum: 0, maximum: 20_160, description: 'The booker may cancel until this long before the start' }),
  noShowReleaseMinutes: Type.Integer({ minimum: 1, maximum: 240, description: 'Released as a no-show when not checked in this long after the start' }),
  checkinOpensMinutes: Type.Integer({ minimum: 0, maximum: 240, description: 'Check-in opens this long before the start' }),
});
export type RoomRules = Static<typeof RoomRules>;

export const Room = Type.Object({
  id: Type.Integer(),
  serviceCenterId: Type.Integer(),
  centerName: Type.String(),
  orgNodeId: Type.Integer(),
  scheduleId: Type.Integer(),
  scheduleName: Type.String(),
  name: Type.String(),
  kind: RoomKind,
  capacity: Nullable(Type.Integer()),
  location: Nullable(Type.String()),
  description: Type.String(),
  equipment: Type.Array(Type.String()),
  photoFileIds: Type.Array(Type.String({ format: 'uuid' })),
  requiresApproval: Type.Boolean(),
  openToAll: Type.Boolean({ description: 'This room may be booked by residents of any community' }),
  centerOpenToAll: Type.Boolean({ description: 'The whole center is open to all' }),
  active: Type.Boolean(),
  rules: RoomRules,
  allowedActions: Type.Array(RoomAction),
});

export const RoomsQuery = Type.Object(
  { centerId: Type.Optional(Id()), kind: Type.Optional(RoomKind) },
  { additionalProperties: false },
);
export type RoomsQuery = Static<typeof RoomsQuery>;

export const RoomsReply = Type.Object({ items: Type.Array(Room) });

const RoomFields = {
  name: Type.String({ minLength: 1, maxLength: 60 }),
  kind: RoomKind,
  capacity: Nullable(Type.Integer({ minimum: 1, maximum: 10_000 })),
  location: Nullable(Type.String({ maxLength: 100, description: 'e.g. 二楼东侧' })),
  description: Type.String({ maxLength: 1000 }),
  equipment: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 50 }),
  photoFileIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 9, description: 'Images uploaded through /files' }),
  requiresApproval: Type.Boolean(),
  openToAll: Type.Boolean(),
  scheduleId: Id({ description: 'Opening hours (a rooms schedule of the same center)' }),
  rules: Type.Partial(RoomRules),
};

export const CreateRoomBody = Type.Object(
  {
    serviceCenterId: Id(),
    name: RoomFields.name,
    kind: RoomFields.kind,
    capacity: Type.Optional(RoomFields.capacity),
    location: Type.Optional(RoomFields.location),
    description: Type.Optional(RoomFields.description),
    equipment: Type.Optional(RoomFields.equipment),
    photoFileIds: Type.Optional(RoomFields.photoFileIds),
    requiresApproval: Type.Optional(RoomFields.requiresApproval),
    openToAll: Type.Optional(RoomFields.openToAll),
    scheduleId: Type.Optional(
      Id({ description: 'Defaults to the center’s first rooms schedule (created, empty, when it has none)' }),
    ),
    rules: Type.Optional(RoomFields.rules),
  },
  { additionalProperties: false },
);
export type CreateRoomBody = Static<typeof CreateRoomBody>;

export const PatchRoomBody = Type.Object(
  {
    name: Type.Optional(RoomFields.name),
    kind: Type.Optional(RoomFields.kind),
    capacity: Type.Optional(RoomFields.capacity),
    location: Type.Optional(RoomFields.location),
    description: Type.Optional(RoomFields.description),
    equipment: Type.Optional(RoomFields.equipment),
    photoFileIds: Type.Optional(RoomFields.photoFileIds),
    requiresApproval: Type.Optional(RoomFields.requiresApproval),
    openToAll: Type.Optional(RoomFields.openToAll),
    active: Type.Optional(Type.Boolean({ description: 'false takes the room out of service (existing bookings stay)' })),
    scheduleId: Type.Optional(RoomFields.scheduleId),
    rules: Type.Optional(RoomFields.rules),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchRoomBody = Static<typeof PatchRoomBody>;

export const QrReply = Type.Object({
  roomId: Type.Integer(),
  checkinUrl: Type.String({ description: 'What the code encodes: the resident check-in page with the room’s token' }),
  token: Type.String(),
  code: Type.String({ description: 'Six digits printed under the QR code, typed by those who cannot scan' }),
  svg: Type.String({ description: 'The QR code as an SVG document, for printing at the door' }),
});

// ---- centers --------------------------------------------------------------------------------------------------

export const CenterSettings = Type.Object({
  openToAll: Type.Boolean({ description: 'Residents of any community may book every room of the center' }),
  noShowLimit: Type.Integer({ minimum: 1, maximum: 100, description: 'This many no-shows within the window suspend booking' }),
  noShowWindowDays: Type.Integer({ minimum: 1, maximum: 366 }),
  suspensionDays: Type.Integer({ minimum: 1, maximum: 366 }),
});
export type CenterSettings = Static<typeof CenterSettings>;

export const Center = Type.Object({
  id: Type.Integer(),
  orgNodeId: Type.Integer(),
  nodeName: Type.String(),
  kind: Type.Union([Type.Literal('center'), Type.Literal('station')]),
  name: Type.String(),
  address: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  roomCount: Type.Integer({ description: 'Rooms in service' }),
  settings: CenterSettings,
  allowedActions: Type.Array(Type.Literal('manage')),
});

export const CentersQuery = Type.Object(
  { nodeId: Type.Optional(Id({ description: 'Centers attached in this subtree' })) },
  { additionalProperties: false },
);
export type CentersQuery = Static<typeof CentersQuery>;

export const CentersReply = Type.Object({ items: Type.Array(Center) });

export const QuotaSubject = Type.Union([Type.Literal('team'), Type.Literal('resident')], {
  description: 'team: each team (shared by its members); resident: each resident booking for themselves',
});

export const Quota = Type.Object({
  id: Type.Integer(),
  roomId: Nullable(Type.Integer({ description: 'null: the whole center' })),
  subject: QuotaSubject,
  hoursPerWeek: Type.Number(),
});

export const QuotasReply = Type.Object({ items: Type.Array(Quota) });

export const PutQuotasBody = Type.Object(
  {
    quotas: Type.Array(
      Type.Object(
        {
          roomId: Nullable(Id()),
          subject: QuotaSubject,
          hoursPerWeek: Type.Number({ minimum: 0, maximum: 168, multipleOf: 0.25 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
export type PutQuotasBody = Static<typeof PutQuotasBody>;

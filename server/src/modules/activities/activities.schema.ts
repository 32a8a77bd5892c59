import { Type, type Static, type TSchema } from 'typebox';
import { HOUR_ENTRY_STATUSES, SERVICE_CATEGORIES, SIGNUP_STATUSES } from '../../db/schema/volunteers.js';
import { Day, Id, Instant, Int, Limit, Nullable, Num, Offset, RequiredText, Text } from '../../platform/schema.js';

const NullableInput = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Lng = Num(-180, 180, { description: 'Longitude, WGS-84' });
const Lat = Num(-90, 90, { description: 'Latitude, WGS-84' });

const editable = {
  title: RequiredText(100),
  category: Type.Enum(SERVICE_CATEGORIES),
  description: Type.Optional(Text(2000)),
  placeName: Type.Optional(Text(100)),
  lng: Type.Optional(NullableInput(Lng)),
  lat: Type.Optional(NullableInput(Lat)),
  startsAt: Instant(),
  endsAt: Instant(),
  capacity: Int(1, 10_000),
  minAge: Type.Optional(NullableInput(Int(0, 100, { description: 'Minimum age in whole years on the day of the activity' }))),
  signupDeadline: Type.Optional(NullableInput(Instant({ description: 'Default: the start' }))),
  selfCancel: Type.Optional(Type.Boolean({ description: 'Whether volunteers may cancel themselves before the start' })),
  requiredSkill: Type.Optional(NullableInput(Text(40))),
};

export const ActivityBody = Type.Object(
  {
    nodeId: Type.Optional(Id({ description: 'The publishing node (or give teamId: the team’s node)' })),
    teamId: Type.Optional(NullableInput(Id())),
    ...editable,
    repeatWeeks: Type.Optional(Int(1, 26, { description: 'Weekly for this many weeks, one activity per occurrence sharing seriesId' })),
  },
  { additionalProperties: false },
);
export type ActivityBody = Static<typeof ActivityBody>;

export const ActivityPatch = Type.Partial(Type.Object(editable), { additionalProperties: false, minProperties: 1 });

export const ReasonBody = Type.Object({ reason: RequiredText(200) }, { additionalProperties: false });

export const Activity = Type.Object({
  id: Type.Integer(),
  nodeId: Type.Integer(),
  nodeName: Type.String(),
  teamId: Nullable(Type.Integer()),
  seriesId: Nullable(Type.Integer()),
  title: Type.String(),
  category: Type.Enum(SERVICE_CATEGORIES),
  description: Type.String(),
  placeName: Type.String(),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  startsAt: Type.String(),
  endsAt: Type.String(),
  capacity: Type.Integer(),
  signedUp: Type.Integer(),
  minAge: Nullable(Type.Integer()),
  signupDeadline: Type.String(),
  selfCancel: Type.Boolean(),
  requiredSkill: Nullable(Type.String()),
  status: Type.Enum(['published', 'cancelled']),
  checkinToken: Nullable(Type.String({ description: 'Only for those who manage the activity' })),
  distanceM: Nullable(Type.Integer()),
});

export const ActivityDetail = Type.Intersect([Activity, Type.Object({ waitlisted: Type.Integer(), canManage: Type.Boolean() })]);
export const CreatedActivities = Type.Object({ ids: Type.Array(Type.Integer()), activity: ActivityDetail });
export const ActivityList = Type.Object({ total: Type.Integer(), items: Type.Array(Activity) });

export const ActivityListQuery = Type.Object(
  {
    nodeId: Type.Optional(Id()),
    from: Type.Optional(Day()),
    to: Type.Optional(Day()),
    q: Type.Optional(Text(50)),
    status: Type.Optional(Type.Enum(['published', 'cancelled'])),
    limit: Limit(100, 20),
    offset: Offset(),
  },
  { additionalProperties: false },
);

export const OpenListQuery = Type.Object(
  {
    from: Type.Optional(Day()),
    to: Type.Optional(Day()),
    nodeId: Type.Optional(Id()),
    lng: Type.Optional(Lng),
    lat: Type.Optional(Lat),
    radiusM: Type.Optional(Int(100, 50_000, { description: 'With lng/lat: how far, in metres (default 5000)' })),
    limit: Limit(100, 20),
    offset: Offset(),
  },
  { additionalProperties: false },
);

const OwnSignup = Type.Object({
  id: Type.Integer(),
  status: Type.Enum(SIGNUP_STATUSES),
  signedUpAt: Type.String(),
  checkedInAt: Nullable(Type.String()),
  checkedOutAt: Nullable(Type.String()),
  autoCheckedOut: Type.Boolean(),
  waitlistPosition: Nullable(Type.Integer()),
});

export const ActivityCard = Type.Object({
  activity: Activity,
  registered: Type.Boolean({ description: 'Whether the caller has a volunteer record (false: register first)' }),
  signup: Nullable(OwnSignup),
  canSignUp: Type.Boolean(),
  refusal: Nullable(Type.String({ description: 'Why the caller may not sign up now (an error code)' })),
});

export const SignupList = Type.Object({
  items: Type.Array(
    Type.Intersect([
      OwnSignup,
      Type.Object({ volunteer: Type.Object({ id: Type.Integer(), name: Type.String(), volunteerNo: Type.String(), mobile: Nullable(Type.String()) }) }),
    ]),
  ),
});

export const SignupParams = Type.Object({ id: Id(), signupId: Id() });
export const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });
export const CheckBody = Type.Object({ action: Type.Enum(['in', 'out']) }, { additionalProperties: false });

// ---------------------------------------------------------------- hours

export const HourEntry = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(['record', 'correction']),
  correctsId: Nullable(Type.Integer()),
  volunteer: Type.Object({ id: Type.Integer(), name: Type.String(), volunteerNo: Type.String() }),
  activity: Nullable(Type.Object({ id: Type.Integer(), title: Type.String() })),
  nodeId: Type.Integer(),
  serviceDate: Type.String(),
  plannedMinutes: Nullable(Type.Integer()),
  minutes: Type.Integer(),
  effectiveMinutes: Type.Integer(),
  content: Type.String(),
  reason: Nullable(Type.String()),
  flagged: Type.Boolean(),
  status: Type.Enum(HOUR_ENTRY_STATUSES),
  recordedAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  deadline: Nullable(Type.String({ description: 'Records: the end of the 10-working-day window' })),
});
export const HourEntryList = Type.Object({ total: Type.Integer(), items: Type.Array(HourEntry) });

export const HourEntryQuery = Type.Object(
  {
    nodeId: Type.Optional(Id()),
    activityId: Type.Optional(Id()),
    status: Type.Optional(Type.Enum(HOUR_ENTRY_STATUSES)),
    from: Type.Optional(Day()),
    to: Type.Optional(Day()),
    limit: Limit(200, 50),
    offset: Offset(),
  },
  { additionalProperties: false },
);
export const PageQuery = Type.Object({ limit: Limit(200, 50), offset: Offset() }, { additionalProperties: false });

export const IdsBody = Type.Object({ ids: Type.Array(Id(), { minItems: 1, maxItems: 200 }) }, { additionalProperties: false });
export const ConfirmReply = Type.Object({ confirmed: Type.Integer(), awaitingApproval: Type.Integer() });
export const ApproveReply = Type.Object({ approved: Type.Integer() });
export const AdjustBody = Type.Object({ minutes: Int(0, 1440, { description: 'What the record should count, in minutes' }), reason: RequiredText(200) }, { additionalProperties: false });

export const MyHours = Type.Object({
  volunteer: Type.Object({ id: Type.Integer(), name: Type.String(), volunteerNo: Type.String() }),
  confirmedMinutes: Type.Integer(),
  pendingMinutes: Type.Integer(),
  total: Type.Integer(),
  items: Type.Array(HourEntry),
});

export const ExportQuery = Type.Object({ nodeId: Id(), from: Type.Optional(Day()), to: Type.Optional(Day()) }, { additionalProperties: false });
export const XlsxFile = {
  description: 'The .xlsx workbook',
  content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Type.String({ format: 'binary' }) } },
};

export const QrReply = Type.Object({ activityId: Type.Integer(), checkinUrl: Type.String(), token: Type.String(), svg: Type.String() });

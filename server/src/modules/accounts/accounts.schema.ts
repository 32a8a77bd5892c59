import { Type, type Static } from 'typebox';
import { CORRECTION_STATUSES } from '../../db/schema/accounts.js';
import { GENDERS, RELATIONS } from '../../db/schema/registry.js';
import { Day, Id, Limit, Nullable, Offset, RequiredText, Text } from '../../platform/schema.js';
import { UserSelf } from '../auth/auth.schema.js';

const MOBILE = Text(20, { minLength: 1, description: 'Mainland mobile number, 11 digits (+86 accepted)' });

export const SendCodeBody = Type.Object({ mobile: MOBILE }, { additionalProperties: false });
export const SendCodeReply = Type.Object({
  sent: Type.Literal(true, { description: 'Always true: the answer is the same whether or not the number has an account' }),
  resendAfterSeconds: Type.Integer(),
  expiresInSeconds: Type.Integer(),
});

export const VerifyCodeBody = Type.Object(
  {
    mobile: MOBILE,
    code: Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$', description: 'The six digits sent by SMS' }),
    displayName: Type.Optional(Text(50, { description: 'For a new account: the name to show (default 居民 + the last four digits)' })),
  },
  { additionalProperties: false },
);
export type VerifyCodeBody = Static<typeof VerifyCodeBody>;
export const VerifyCodeReply = Type.Object({
  token: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  created: Type.Boolean({ description: 'A new account was made for the number' }),
  user: UserSelf,
});

// ---- joining

export const CommunitiesQuery = Type.Object({ q: Type.Optional(Text(40, { description: 'Community or town name, pinyin or initials' })) });
export const JoinableCommunity = Type.Object({ id: Type.Integer(), name: Type.String(), townId: Nullable(Type.Integer()), townName: Nullable(Type.String()) });
export const CommunitiesReply = Type.Object({ items: Type.Array(JoinableCommunity) });
export const PlacesReply = Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), name: Type.String() })) });
export const JoinCodeParams = Type.Object({ code: Type.String({ minLength: 8, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }) });
export const JoinCodeInfo = Type.Object({ communityId: Type.Integer(), communityName: Type.String(), townName: Nullable(Type.String()) });
export const JoinBody = Type.Object(
  {
    nodeId: Type.Optional(Id({ description: 'The unit, building or community to join' })),
    code: Type.Optional(Type.String({ minLength: 8, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$', description: "The community's join code (from its QR poster)" })),
  },
  { additionalProperties: false },
);
export const JoinReply = Type.Object({ nodeId: Type.Integer(), names: Type.Array(Type.String(), { description: 'Town, community, grid, building, unit' }) });
export const CommunityParams = Type.Object({ communityId: Id() });
export const StaffJoinCode = Type.Object({
  communityId: Type.Integer(),
  communityName: Type.String(),
  code: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  path: Type.String({ description: 'The page the QR code opens, relative to the site: /m/join?code=…' }),
  url: Type.String({ description: 'The same page on this site, as the QR code holds it' }),
  svg: Type.String({ description: 'The QR code as an SVG image' }),
});

// ---- my household

const Contact = Type.Object({
  duty: Type.Union([Type.Literal('grid_worker'), Type.Literal('building_leader'), Type.Literal('unit_leader')]),
  name: Type.String(),
  mobile: Nullable(Type.String({ description: 'In full: the duty number residents of the place call' })),
  placeName: Type.String(),
});
export const MyPerson = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  gender: Type.Enum(GENDERS),
  birthDate: Nullable(Type.String({ description: 'Masked: the year only' })),
  ethnicity: Nullable(Type.String()),
  mobile: Nullable(Type.String({ description: 'Masked' })),
  idNumber: Nullable(Type.String({ description: 'Masked: the last four characters' })),
  registeredAddress: Nullable(Type.String({ description: 'Masked' })),
  relation: Nullable(Type.Enum(RELATIONS)),
});
export const MyHouseholdReply = Type.Object({
  joined: Type.Boolean(),
  confirmed: Type.Boolean({ description: 'Staff linked the account to a registry record' }),
  place: Nullable(Type.Object({ nodeId: Type.Integer(), names: Type.Array(Type.String()) })),
  person: Nullable(MyPerson),
  household: Nullable(
    Type.Object({
      id: Type.Integer(),
      door: Nullable(Type.String()),
      members: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), relation: Nullable(Type.Enum(RELATIONS)), self: Type.Boolean() })),
    }),
  ),
  contacts: Type.Array(Contact),
});
export const MyPersonFull = Type.Object({
  name: Type.String(),
  gender: Type.Enum(GENDERS),
  birthDate: Nullable(Type.String()),
  ethnicity: Nullable(Type.String()),
  mobile: Nullable(Type.String()),
  idNumber: Nullable(Type.String()),
  registeredAddress: Nullable(Type.String()),
});

// ---- corrections

export const CorrectionFields = Type.Object(
  {
    name: Type.Optional(RequiredText(50)),
    gender: Type.Optional(Type.Enum(GENDERS)),
    birthDate: Type.Optional(Day()),
    ethnicity: Type.Optional(RequiredText(20)),
    mobile: Type.Optional(MOBILE),
    registeredAddress: Type.Optional(RequiredText(200)),
    idNumber: Type.Optional(Type.String({ minLength: 15, maxLength: 20, description: 'Resident ID number (GB 11643)' })),
  },
  { additionalProperties: false },
);
export type CorrectionFields = Static<typeof CorrectionFields>;
export const CorrectionBody = Type.Object({ fields: CorrectionFields, reason: Text(500) }, { additionalProperties: false });
export const CORRECTION_FIELD_NAMES = ['name', 'gender', 'birthDate', 'ethnicity', 'mobile', 'registeredAddress', 'idNumber'] as const;

const Shown = Type.Object(
  {
    name: Type.Optional(Type.String()),
    gender: Type.Optional(Type.String()),
    birthDate: Type.Optional(Type.String()),
    ethnicity: Type.Optional(Type.String()),
    mobile: Type.Optional(Type.String({ description: 'Masked' })),
    registeredAddress: Type.Optional(Type.String()),
    idNumber: Type.Optional(Type.String({ description: 'Masked' })),
  },
  { description: 'Field → value; numbers masked' },
);
export const Correction = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  communityName: Type.Optional(Type.String()),
  proposed: Shown,
  current: Shown,
  reason: Type.String(),
  status: Type.Enum(CORRECTION_STATUSES),
  createdAt: Type.String({ format: 'date-time' }),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  note: Nullable(Type.String()),
});
export const CorrectionList = Type.Object({ items: Type.Array(Correction), total: Type.Integer() });
export const CorrectionsQuery = Type.Object({ status: Type.Optional(Type.Enum(CORRECTION_STATUSES)), limit: Limit(100, 20), offset: Offset() });
export const DecisionBody = Type.Object(
  { decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), note: Type.Optional(Text(500)) },
  { additionalProperties: false },
);

// ---- confirming accounts

export const UnconfirmedQuery = Type.Object({ limit: Limit(100, 20), offset: Offset() });
export const Unconfirmed = Type.Object({
  userId: Type.Integer(),
  displayName: Type.String(),
  mobile: Nullable(Type.String({ description: 'Masked' })),
  place: Type.Object({ nodeId: Type.Integer(), names: Type.Array(Type.String()) }),
  joinedAt: Type.String({ format: 'date-time' }),
  candidates: Type.Array(
    Type.Object({
      personId: Type.Integer(),
      name: Type.String(),
      mobile: Nullable(Type.String({ description: 'Masked' })),
      relation: Nullable(Type.Enum(RELATIONS)),
      birthYear: Nullable(Type.String()),
      place: Nullable(Type.String({ description: 'Building/unit and door' })),
      matches: Type.Array(Type.Union([Type.Literal('mobile'), Type.Literal('name')])),
    }),
  ),
});
export const UnconfirmedList = Type.Object({ items: Type.Array(Unconfirmed), total: Type.Integer() });
export const UserParams = Type.Object({ userId: Id() });
export const LinkBody = Type.Object({ personId: Id() }, { additionalProperties: false });
export const LinkReply = Type.Object({ userId: Type.Integer(), personId: Nullable(Type.Integer()) });

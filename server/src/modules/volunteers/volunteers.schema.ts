import { Type, type Static } from 'typebox';
import { ID_KINDS } from '../../db/schema/registry.js';
import { VOLUNTEER_CORRECTION_STATUSES, RECOGNITION_STATUSES, VOLUNTEER_CHANGE_KINDS } from '../../db/schema/volunteerRecords.js';
import {
  POLITICAL_STATUSES,
  SERVICE_CATEGORIES,
  VOLUNTEER_GENDERS,
  VOLUNTEER_MEMBER_STATUSES,
  VOLUNTEER_STATUSES,
  VOLUNTEER_TEAM_JOIN_MODES,
  VOLUNTEER_TEAM_KINDS,
} from '../../db/schema/volunteers.js';
import { Day, Id, Instant, Int, Limit, Nullable, Offset, RequiredText, Text } from '../../platform/schema.js';

/** What the volunteers module's routes take and answer. */

const Gender = Type.Enum(VOLUNTEER_GENDERS);
const IdKind = Type.Enum(ID_KINDS);
const Political = Type.Enum(POLITICAL_STATUSES);
const Category = Type.Enum(SERVICE_CATEGORIES);
const Skills = Type.Array(RequiredText(30), { maxItems: 20 });
const Categories = Type.Array(Category, { maxItems: SERVICE_CATEGORIES.length, uniqueItems: true });

export const Stars = Type.Object({
  stars: Int(0, 5),
  hours: Type.Number({ description: 'Confirmed hours, one decimal' }),
  thresholdsHours: Type.Array(Type.Integer()),
  /** The node whose setting applies; null for the defaults. */
  settingNodeId: Nullable(Type.Integer()),
  nextStar: Nullable(Type.Integer()),
  hoursToNext: Nullable(Type.Number()),
  progressPercent: Type.Integer({ description: 'Towards the next star (100 at five stars)' }),
});
export type Stars = Static<typeof Stars>;

export const VolunteerSummary = Type.Object({
  id: Type.Integer(),
  volunteerNo: Type.String(),
  name: Type.String(),
  gender: Gender,
  birthDate: Nullable(Day()),
  idKind: Nullable(IdKind),
  idNumber: Nullable(Type.String({ description: 'Masked: only the last four characters' })),
  mobile: Nullable(Type.String({ description: 'Masked, e.g. 138****8000' })),
  nodeId: Type.Integer(),
  nodeName: Type.String(),
  communityId: Nullable(Type.Integer()),
  politicalStatus: Political,
  skills: Type.Array(Type.String()),
  serviceCategories: Type.Array(Category),
  status: Type.Enum(VOLUNTEER_STATUSES),
  confirmedMinutes: Type.Integer(),
  stars: Int(0, 5),
  personId: Nullable(Type.Integer()),
  userId: Nullable(Type.Integer()),
  registeredAt: Instant(),
});
export type VolunteerSummary = Static<typeof VolunteerSummary>;

export const TeamMembership = Type.Object({
  memberId: Type.Integer(),
  teamId: Type.Integer(),
  teamName: Type.String(),
  teamKind: Type.Enum(VOLUNTEER_TEAM_KINDS),
  nodeName: Type.String(),
  role: Type.Union([Type.Literal('leader'), Type.Literal('member')]),
  status: Type.Enum(VOLUNTEER_MEMBER_STATUSES),
});

export const VolunteerDetail = Type.Object({
  ...VolunteerSummary.properties,
    starInfo: Stars,
    teams: Type.Array(TeamMembership),
    pendingCorrectionId: Nullable(Type.Integer()),
    allowedActions: Type.Array(Type.Union([Type.Literal('edit'), Type.Literal('status'), Type.Literal('view_full'), Type.Literal('certificate')])),
});
export type VolunteerDetail = Static<typeof VolunteerDetail>;

export const VolunteerList = Type.Object({ items: Type.Array(VolunteerSummary), total: Type.Integer() });

export const VolunteerListQuery = Type.Object({
  q: Type.Optional(Text(40, { description: 'Name, pinyin or initials, volunteer number, or a full ID number' })),
  nodeId: Type.Optional(Id()),
  status: Type.Optional(Type.Enum(VOLUNTEER_STATUSES)),
  limit: Type.Optional(Limit(100)),
  offset: Type.Optional(Offset()),
});
export type VolunteerListQuery = Static<typeof VolunteerListQuery>;

const RecordFields = {
  name: RequiredText(40),
  gender: Type.Optional(Gender),
  birthDate: Type.Optional(Day()),
  idKind: Type.Optional(IdKind),
  idNumber: Type.Optional(Text(40)),
  mobile: Type.Optional(Text(20)),
  nodeId: Id({ description: 'Residence: the community, grid, building or unit the volunteer lives in' }),
  skills: Type.Optional(Skills),
  serviceCategories: Type.Optional(Categories),
  politicalStatus: Type.Optional(Political),
};

export const RegisterSelfBody = Type.Object(RecordFields);
export type RegisterSelfBody = Static<typeof RegisterSelfBody>;
export const RegisterBody = Type.Object({ ...RecordFields, userId: Type.Optional(Id()), personId: Type.Optional(Id()) });
export type RegisterBody = Static<typeof RegisterBody>;

export const PatchVolunteerBody = Type.Object({
  name: Type.Optional(RequiredText(40)),
  gender: Type.Optional(Gender),
  birthDate: Type.Optional(Day()),
  idKind: Type.Optional(IdKind),
  idNumber: Type.Optional(Text(40)),
  mobile: Type.Optional(Text(20)),
  nodeId: Type.Optional(Id()),
  skills: Type.Optional(Skills),
  serviceCategories: Type.Optional(Categories),
  politicalStatus: Type.Optional(Political),
  reason: Type.Optional(Text(200)),
}, { minProperties: 1 });
export type PatchVolunteerBody = Static<typeof PatchVolunteerBody>;

export const CorrectionChanges = Type.Object({
  name: Type.Optional(RequiredText(40)),
  gender: Type.Optional(Gender),
  birthDate: Type.Optional(Day()),
  mobile: Type.Optional(Text(20)),
  nodeId: Type.Optional(Id()),
  skills: Type.Optional(Skills),
  serviceCategories: Type.Optional(Categories),
  politicalStatus: Type.Optional(Political),
});
export type CorrectionChanges = Static<typeof CorrectionChanges>;
export const CorrectionBody = Type.Object({ changes: CorrectionChanges, reason: RequiredText(200) });
export type CorrectionBody = Static<typeof CorrectionBody>;

export const Correction = Type.Object({
  id: Type.Integer(),
  volunteerId: Type.Integer(),
  volunteerName: Type.String(),
  volunteerNo: Type.String(),
  requested: Type.Record(Type.String(), Type.Unknown()),
  reason: Type.String(),
  status: Type.Enum(VOLUNTEER_CORRECTION_STATUSES),
  requestedAt: Instant(),
  decidedAt: Nullable(Instant()),
  decisionNote: Nullable(Type.String()),
});
export const CorrectionList = Type.Object({ items: Type.Array(Correction), total: Type.Integer() });
export const CorrectionListQuery = Type.Object({
  status: Type.Optional(Type.Enum(VOLUNTEER_CORRECTION_STATUSES)),
  nodeId: Type.Optional(Id()),
  limit: Type.Optional(Limit(100)),
  offset: Type.Optional(Offset()),
});
export type CorrectionListQuery = Static<typeof CorrectionListQuery>;
export const DecisionBody = Type.Object({ note: Type.Optional(Text(200)) });

export const StatusBody = Type.Object({ status: Type.Enum(VOLUNTEER_STATUSES), reason: RequiredText(200) });
export const FullViewBody = Type.Object({ reason: RequiredText(200) });
export const VolunteerFullView = Type.Object({ idNumber: Nullable(Type.String()), mobile: Nullable(Type.String()), fields: Type.Array(Type.String()) });

export const RecordChange = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(VOLUNTEER_CHANGE_KINDS),
  fields: Type.Array(Type.String()),
  changes: Type.Record(Type.String(), Type.Object({ old: Nullable(Type.String()), new: Nullable(Type.String()) })),
  reason: Nullable(Type.String()),
  changedBy: Nullable(Type.String()),
  changedAt: Instant(),
});
export const RecordChangeList = Type.Object({ items: Type.Array(RecordChange) });

export const Prefill = Type.Object({
  personId: Nullable(Type.Integer()),
  name: Nullable(Type.String()),
  gender: Nullable(Gender),
  birthDate: Nullable(Day()),
  mobile: Nullable(Type.String({ description: 'Masked' })),
  nodeId: Nullable(Type.Integer()),
  idKind: Nullable(IdKind),
  hasIdNumber: Type.Boolean({ description: 'The registry holds an ID number: it is used when none is typed' }),
});
export const MyVolunteer = Type.Object({ volunteer: Nullable(VolunteerDetail), prefill: Nullable(Prefill) });

// Teams
export const TeamBody = Type.Object({
  nodeId: Id(),
  name: RequiredText(40),
  kind: Type.Enum(VOLUNTEER_TEAM_KINDS),
  description: Type.Optional(Text(500)),
  joinMode: Type.Optional(Type.Enum(VOLUNTEER_TEAM_JOIN_MODES)),
});
export type TeamBody = Static<typeof TeamBody>;
export const PatchTeamBody = Type.Object({
  name: Type.Optional(RequiredText(40)),
  kind: Type.Optional(Type.Enum(VOLUNTEER_TEAM_KINDS)),
  description: Type.Optional(Text(500)),
  joinMode: Type.Optional(Type.Enum(VOLUNTEER_TEAM_JOIN_MODES)),
}, { minProperties: 1 });
export type PatchTeamBody = Static<typeof PatchTeamBody>;

export const TeamSummary = Type.Object({
  id: Type.Integer(),
  nodeId: Type.Integer(),
  nodeName: Type.String(),
  name: Type.String(),
  kind: Type.Enum(VOLUNTEER_TEAM_KINDS),
  description: Type.String(),
  joinMode: Type.Enum(VOLUNTEER_TEAM_JOIN_MODES),
  memberCount: Type.Integer(),
  dissolvedAt: Nullable(Instant()),
});
export const TeamMember = Type.Object({
  id: Type.Integer(),
  volunteerId: Type.Integer(),
  name: Type.String(),
  volunteerNo: Type.String(),
  role: Type.Union([Type.Literal('leader'), Type.Literal('member')]),
  status: Type.Enum(VOLUNTEER_MEMBER_STATUSES),
  requestedAt: Instant(),
});
export const TeamDetail = Type.Object({
  ...TeamSummary.properties,
    inviteCode: Nullable(Type.String({ description: 'Only for staff and the team’s leaders' })),
    members: Type.Array(TeamMember),
    canManage: Type.Boolean(),
});
export type TeamDetail = Static<typeof TeamDetail>;
export const TeamList = Type.Object({ items: Type.Array(TeamSummary), total: Type.Integer() });
export const TeamListQuery = Type.Object({
  nodeId: Type.Optional(Id()),
  q: Type.Optional(Text(40)),
  dissolved: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Limit(100)),
  offset: Type.Optional(Offset()),
});
export type TeamListQuery = Static<typeof TeamListQuery>;
export const JoinByCodeBody = Type.Object({ code: RequiredText(16) });
export const AddMemberBody = Type.Object({ volunteerId: Id(), role: Type.Optional(Type.Union([Type.Literal('leader'), Type.Literal('member')])) });
export const MemberRoleBody = Type.Object({ role: Type.Union([Type.Literal('leader'), Type.Literal('member')]) });
export const TeamMemberParams = Type.Object({ id: Id(), memberId: Id() });

// Stars
export const StarSettingQuery = Type.Object({ nodeId: Id() });
export const StarSettingBody = Type.Object({
  nodeId: Id(),
  thresholdsHours: Type.Array(Int(1, 100_000), { minItems: 5, maxItems: 5 }),
});
export const StarSetting = Type.Object({
  nodeId: Type.Integer(),
  thresholdsHours: Type.Array(Type.Integer()),
  settingNodeId: Nullable(Type.Integer()),
  settingNodeName: Nullable(Type.String()),
  isDefault: Type.Boolean(),
});

// Recognition
export const RecognitionBody = Type.Object({
  nodeId: Id(),
  title: RequiredText(80),
  periodStart: Day(),
  periodEnd: Day(),
  minHours: Type.Optional(Int(1, 100_000, { description: 'Draft with every active volunteer of the node whose confirmed hours in the period reach this' })),
  volunteerIds: Type.Optional(Type.Array(Id(), { maxItems: 500, uniqueItems: true })),
  noticeDays: Type.Optional(Int(1, 60)),
});
export type RecognitionBody = Static<typeof RecognitionBody>;
export const RecognitionEntriesBody = Type.Object({ volunteerIds: Type.Array(Id(), { maxItems: 500, uniqueItems: true }) });
export const ObjectionBody = Type.Object({ content: RequiredText(500), volunteerId: Type.Optional(Id()) });
export const RecognitionSummary = Type.Object({
  id: Type.Integer(),
  nodeId: Type.Integer(),
  nodeName: Type.String(),
  title: Type.String(),
  periodStart: Day(),
  periodEnd: Day(),
  minHours: Nullable(Type.Integer()),
  noticeDays: Type.Integer(),
  status: Type.Enum(RECOGNITION_STATUSES),
  publishedAt: Nullable(Instant()),
  noticeEndsAt: Nullable(Instant()),
  finalAt: Nullable(Instant()),
  entryCount: Type.Integer(),
});
export const RecognitionDetail = Type.Object({
  ...RecognitionSummary.properties,
    entries: Type.Array(Type.Object({ volunteerId: Type.Integer(), name: Type.String(), volunteerNo: Type.String(), hours: Type.Number() })),
    objections: Type.Array(Type.Object({ id: Type.Integer(), volunteerId: Nullable(Type.Integer()), content: Type.String(), recordedAt: Instant() })),
});
export const RecognitionList = Type.Object({ items: Type.Array(RecognitionSummary), total: Type.Integer() });
export const RecognitionListQuery = Type.Object({ nodeId: Type.Optional(Id()), limit: Type.Optional(Limit(100)), offset: Type.Optional(Offset()) });
export const PublicRecognition = Type.Object({
  id: Type.Integer(),
  nodeName: Type.String(),
  title: Type.String(),
  periodStart: Day(),
  periodEnd: Day(),
  status: Type.Enum(RECOGNITION_STATUSES),
  noticeEndsAt: Nullable(Instant()),
  entries: Type.Array(Type.Object({ name: Type.String({ description: 'Masked: 张*' }), hours: Type.Number() })),
});
export const PublicRecognitionList = Type.Object({ items: Type.Array(PublicRecognition) });
export const PublicRecognitionQuery = Type.Object({ nodeId: Id() });

// Certificates
export const CertificateBody = Type.Object({
  volunteerId: Id(),
  nodeId: Id({ description: 'The issuing organisation: a node the caller manages volunteers at' }),
  periodStart: Type.Optional(Day()),
  periodEnd: Type.Optional(Day()),
  responsiblePerson: RequiredText(40),
  handler: RequiredText(40),
  contact: RequiredText(40),
});
export type CertificateBody = Static<typeof CertificateBody>;
export const Certificate = Type.Object({
  id: Type.Integer(),
  serial: Type.String(),
  volunteerId: Type.Integer(),
  nodeId: Type.Integer(),
  volunteerName: Type.String(),
  idMasked: Nullable(Type.String()),
  volunteerNo: Type.String(),
  periodStart: Nullable(Day()),
  periodEnd: Nullable(Day()),
  hours: Type.Number(),
  totalMinutes: Type.Integer(),
  serviceContent: Type.String(),
  issuer: Type.String(),
  responsiblePerson: Type.String(),
  handler: Type.String(),
  contact: Type.String(),
  issuedOn: Day(),
  issuedAt: Instant(),
  revokedAt: Nullable(Instant()),
  revokeReason: Nullable(Type.String()),
});
export const CertificateList = Type.Object({ items: Type.Array(Certificate), total: Type.Integer() });
export const CertificateListQuery = Type.Object({
  nodeId: Type.Optional(Id()),
  volunteerId: Type.Optional(Id()),
  limit: Type.Optional(Limit(100)),
  offset: Type.Optional(Offset()),
});
export const RevokeBody = Type.Object({ reason: RequiredText(200) });
export const SerialParams = Type.Object({ serial: Type.String({ minLength: 6, maxLength: 40, pattern: '^[A-Za-z0-9-]+$' }) });
export const PublicCertificate = Type.Object({
  serial: Type.String(),
  valid: Type.Boolean({ description: 'false when revoked' }),
  volunteerName: Type.String({ description: 'Masked: 张*' }),
  idMasked: Nullable(Type.String()),
  hours: Type.Number(),
  periodStart: Nullable(Day()),
  periodEnd: Nullable(Day()),
  issuer: Type.String(),
  issuedOn: Day(),
  revokedOn: Nullable(Day()),
});
export const CertificateQr = Type.Object({ serial: Type.String(), verifyUrl: Type.String(), svg: Type.String({ description: 'SVG of the QR code' }) });

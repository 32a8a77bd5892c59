import { Type, type Static } from 'typebox';
import { PARTY_LOG_STATUSES, PARTY_MEMBER_STATUSES, PARTY_POST_STATUSES } from '../../db/schema/party.js';
import { Day, Id, Instant, Int, Limit, Nullable, Offset, RequiredText, Text } from '../../platform/schema.js';


export const ReportBody = Type.Object(
  {
    name: RequiredText(40),
    mobile: Type.Optional(Text(20, { pattern: '^1\\d{10}$' })),
    communityId: Type.Optional(Id({ description: 'The community I live in (default: the one of my home node)' })),
    employerNodeId: Type.Optional(Id({ description: 'My employer as a department node of the platform' })),
    employerName: Type.Optional(Text(80, { description: 'My employer by name (when not a node)' })),
    branch: RequiredText(80, { description: '所在党支部' }),
  },
  { additionalProperties: false },
);
export type ReportBody = Static<typeof ReportBody>;

export const DecideBody = Type.Object({ note: Type.Optional(Text(300)) }, { additionalProperties: false });
export type DecideBody = Static<typeof DecideBody>;

export const MembersQuery = Type.Object(
  { communityId: Type.Optional(Id()), status: Type.Optional(Type.Enum(PARTY_MEMBER_STATUSES)), limit: Limit(200, 50), offset: Offset() },
  { additionalProperties: false },
);
export type MembersQuery = Static<typeof MembersQuery>;

export const PairingBody = Type.Object(
  { communityId: Id(), unitNodeId: Type.Optional(Id()), unitName: Type.Optional(Text(80)), startsOn: Day(), note: Type.Optional(Text(300)) },
  { additionalProperties: false },
);
export type PairingBody = Static<typeof PairingBody>;

export const CommunityQuery = Type.Object({ communityId: Id() }, { additionalProperties: false });

export const PostBody = Type.Object(
  { communityId: Id(), title: RequiredText(40), description: Type.Optional(Text(300)), slots: Int(1, 500) },
  { additionalProperties: false },
);
export type PostBody = Static<typeof PostBody>;

export const PostPatch = Type.Object(
  {
    title: Type.Optional(RequiredText(40)),
    description: Type.Optional(Text(300)),
    slots: Type.Optional(Int(1, 500)),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')], { description: 'closed: no new takers; holders still log their service' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PostPatch = Static<typeof PostPatch>;

export const LogBody = Type.Object(
  { postId: Id(), serviceDate: Day(), minutes: Int(1, 1440), content: RequiredText(300) },
  { additionalProperties: false },
);
export type LogBody = Static<typeof LogBody>;

export const LogsQuery = Type.Object(
  { communityId: Id(), status: Type.Optional(Type.Enum(PARTY_LOG_STATUSES)), limit: Limit(200, 50), offset: Offset() },
  { additionalProperties: false },
);
export type LogsQuery = Static<typeof LogsQuery>;

export const CardQuery = Type.Object(
  { communityId: Id(), year: Int(2000, 2100), quarter: Type.Optional(Int(1, 4, { description: 'Omit for the whole year' })) },
  { additionalProperties: false },
);
export type CardQuery = Static<typeof CardQuery>;

const NodeRef = Type.Object({ id: Type.Integer(), name: Type.String() });

export const Member = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  volunteerId: Nullable(Type.Integer()),
  name: Type.String(),
  mobile: Nullable(Type.String()),
  community: NodeRef,
  employerNodeId: Nullable(Type.Integer()),
  employerName: Type.String(),
  branch: Type.String(),
  status: Type.Enum(PARTY_MEMBER_STATUSES),
  reportedAt: Instant(),
  decidedAt: Nullable(Instant()),
  decisionNote: Nullable(Type.String()),
});
export const MemberList = Type.Object({ items: Type.Array(Member) });

export const Pairing = Type.Object({ id: Type.Integer(), community: NodeRef, unitNodeId: Nullable(Type.Integer()), unitName: Type.String(), startsOn: Type.String({ format: 'date' }), note: Type.String() });
export const PairingList = Type.Object({ items: Type.Array(Pairing) });

export const Post = Type.Object({
  id: Type.Integer(),
  communityId: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  slots: Type.Integer(),
  taken: Type.Integer(),
  status: Type.Enum(PARTY_POST_STATUSES),
  mine: Type.Boolean(),
});
export const PostList = Type.Object({ items: Type.Array(Post) });

export const ServiceLog = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  memberName: Type.String(),
  postId: Type.Integer(),
  postTitle: Type.String(),
  serviceDate: Type.String({ format: 'date' }),
  minutes: Type.Integer(),
  content: Type.String(),
  status: Type.Enum(PARTY_LOG_STATUSES),
  loggedAt: Instant(),
  decidedAt: Nullable(Instant()),
  decisionNote: Nullable(Type.String()),
});
export const LogList = Type.Object({ items: Type.Array(ServiceLog) });

export const Me = Type.Object({ member: Nullable(Member), posts: Type.Array(Post), logs: Type.Array(ServiceLog) });

export const Cards = Type.Object({
  community: NodeRef,
  period: Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }), label: Type.String() }),
  items: Type.Array(
    Type.Object({
      memberId: Type.Integer(),
      name: Type.String(),
      employerName: Type.String(),
      branch: Type.String(),
      posts: Type.Array(Type.String()),
      serviceCount: Type.Integer(),
      serviceMinutes: Type.Integer(),
      activityCount: Type.Integer(),
      activityMinutes: Type.Integer(),
      wishCount: Type.Integer(),
      totalMinutes: Type.Integer(),
    }),
  ),
});

export const XlsxFile = {
  description: 'The .xlsx workbook',
  content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Type.String({ format: 'binary' }) } },
};

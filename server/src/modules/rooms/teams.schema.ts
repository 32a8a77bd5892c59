import { Type, type Static } from 'typebox';
import { Instant } from './common.schema.js';
import { Id } from '../../platform/schema.js';

export const TeamKind = Type.Union(
  [
    Type.Literal('dance'),
    Type.Literal('choir'),
    Type.Literal('chess_cards'),
    Type.Literal('sports'),
    Type.Literal('interest_class'),
    Type.Literal('volunteer'),
    Type.Literal('other'),
  ],
  { description: '舞蹈队, 合唱队, 棋牌队, sports, interest class 兴趣班, volunteer team, other' },
);

export const TeamAction = Type.Union([Type.Literal('edit'), Type.Literal('manage_members'), Type.Literal('book')]);

export const Team = Type.Object({
  id: Type.Integer(),
  orgNodeId: Type.Integer(),
  nodeName: Type.String(),
  name: Type.String(),
  kind: TeamKind,
  leader: Type.Object({ id: Type.Integer(), displayName: Type.String() }),
  description: Type.String(),
  active: Type.Boolean(),
  memberCount: Type.Integer(),
  isMember: Type.Boolean({ description: 'The caller belongs to the team' }),
  createdAt: Instant,
  allowedActions: Type.Array(TeamAction),
});

export const TeamMember = Type.Object({
  userId: Type.Integer(),
  displayName: Type.String(),
  joinedAt: Instant,
  isLeader: Type.Boolean(),
});

export const TeamDetail = Type.Object({ ...Team.properties, members: Type.Array(TeamMember) });

export const TeamsQuery = Type.Object(
  {
    nodeId: Type.Optional(Id({ description: 'Teams filed in this subtree' })),
    mine: Type.Optional(Type.Boolean({ description: 'Only teams I belong to' })),
    q: Type.Optional(Type.String({ maxLength: 40, description: 'Part of the team name' })),
  },
  { additionalProperties: false },
);
export type TeamsQuery = Static<typeof TeamsQuery>;

export const TeamsReply = Type.Object({ items: Type.Array(Team) });

export const CreateTeamBody = Type.Object(
  {
    orgNodeId: Id({ description: 'The community (or town, grid) the team belongs to' }),
    name: Type.String({ minLength: 1, maxLength: 60 }),
    kind: TeamKind,
    leaderUserId: Id(),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    memberIds: Type.Optional(Type.Array(Id(), { maxItems: 200, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type CreateTeamBody = Static<typeof CreateTeamBody>;

export const PatchTeamBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    kind: Type.Optional(TeamKind),
    leaderUserId: Type.Optional(Id({ description: 'Must already be a member or be eligible to join' })),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchTeamBody = Static<typeof PatchTeamBody>;

export const AddMemberBody = Type.Object(
  {
    userId: Type.Optional(Id()),
    login: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'Username or mobile number of the person to add' })),
  },
  { additionalProperties: false },
);
export type AddMemberBody = Static<typeof AddMemberBody>;

export const MemberParams = Type.Object({ id: Id(), userId: Id() });

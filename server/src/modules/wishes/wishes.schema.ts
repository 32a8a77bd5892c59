import { Type, type Static } from 'typebox';
import { WISH_CLAIMANT_KINDS, WISH_EVENT_KINDS, WISH_KINDS, WISH_STATUSES, WISH_VERIFY_METHODS } from '../../db/schema/wishes.js';
import { Day, Id, Instant, Int, Limit, Nullable, Offset, RequiredText, Text } from '../../platform/schema.js';


export const PostBody = Type.Object(
  {
    kind: Type.Enum(WISH_KINDS),
    title: RequiredText(60),
    description: Type.Optional(Text(500)),
    estimatedValue: Type.Optional(Int(0, 100_000, { description: '预估价值, yuan' })),
    deadline: Day({ description: 'Fulfil by (inclusive), after today and within a year' }),
    totalShares: Type.Optional(Int(1, 20, { description: 'Shares a group of claimants may split the wish into (default 1: whole)' })),
    personId: Type.Optional(Id({ description: 'The registry person it is for (wishes.intake over their place); omit to post for myself' })),
  },
  { additionalProperties: false },
);
export type PostBody = Static<typeof PostBody>;

export const VerifyBody = Type.Object({ method: Type.Enum(WISH_VERIFY_METHODS), note: RequiredText(500) }, { additionalProperties: false });
export type VerifyBody = Static<typeof VerifyBody>;
export const RejectBody = Type.Object({ method: Type.Optional(Type.Enum(WISH_VERIFY_METHODS)), reason: RequiredText(500) }, { additionalProperties: false });
export type RejectBody = Static<typeof RejectBody>;

export const ClaimBody = Type.Object(
  {
    as: Type.Enum(WISH_CLAIMANT_KINDS),
    shares: Type.Optional(Int(1, 20, { description: 'Shares to take (default: all that are left)' })),
    teamId: Type.Optional(Id({ description: 'as team: a team I lead' })),
    unitNodeId: Type.Optional(Id({ description: 'as unit: a department node where I hold a role' })),
    unitName: Type.Optional(Text(80, { description: 'as unit: a partner unit outside the platform (staff record its pledge)' })),
  },
  { additionalProperties: false },
);
export type ClaimBody = Static<typeof ClaimBody>;

export const FulfilBody = Type.Object(
  { photoIds: Type.Array(Type.String({ format: 'uuid', maxLength: 36 }), { minItems: 1, maxItems: 9 }), note: Type.Optional(Text(500)) },
  { additionalProperties: false },
);
export type FulfilBody = Static<typeof FulfilBody>;
export const ConfirmBody = Type.Object({ note: Type.Optional(Text(500)) }, { additionalProperties: false });
export type ConfirmBody = Static<typeof ConfirmBody>;

export const WallQuery = Type.Object(
  {
    nodeId: Type.Optional(Id({ description: 'Only wishes at this node and below' })),
    status: Type.Optional(Type.Enum(['published', 'fulfilled', 'realised'] as const)),
    open: Type.Optional(Type.Boolean({ description: 'Only wishes that can still be claimed' })),
    limit: Limit(100, 20),
    offset: Offset(),
  },
  { additionalProperties: false },
);
export type WallQuery = Static<typeof WallQuery>;

export const TrackQuery = Type.Object(
  { nodeId: Type.Optional(Id()), status: Type.Optional(Type.Enum(WISH_STATUSES)), limit: Limit(200, 50), offset: Offset() },
  { additionalProperties: false },
);
export type TrackQuery = Static<typeof TrackQuery>;

export const StatsQuery = Type.Object({ nodeId: Id(), from: Type.Optional(Day()), to: Type.Optional(Day()) }, { additionalProperties: false });
export type StatsQuery = Static<typeof StatsQuery>;

const NodeRef = Type.Object({ id: Type.Integer(), name: Type.String() });

/** The public card: nothing about the resident but the public name. */
export const WishCard = Type.Object({
  id: Type.Integer(),
  publicName: Type.String(),
  kind: Type.Enum(WISH_KINDS),
  title: Type.String(),
  description: Type.String(),
  estimatedValue: Nullable(Type.Integer()),
  community: Nullable(NodeRef),
  deadline: Type.String({ format: 'date' }),
  totalShares: Type.Integer(),
  claimedShares: Type.Integer(),
  status: Type.Enum(WISH_STATUSES),
  claimable: Type.Boolean(),
});
export const WishList = Type.Object({ items: Type.Array(WishCard), total: Type.Integer() });

export const TrackList = Type.Object({
  items: Type.Array(Type.Object({ ...WishCard.properties, recipientName: Type.String(), returnedCount: Type.Integer(), postedAt: Instant() })),
  total: Type.Integer(),
});

export const WishDetail = Type.Object({
  ...WishCard.properties,
    private: Nullable(
      Type.Object({
        recipientName: Type.String(),
        personId: Nullable(Type.Integer()),
        verifyMethod: Nullable(Type.Enum(WISH_VERIFY_METHODS)),
        verifyNote: Nullable(Type.String()),
        rejectReason: Nullable(Type.String()),
        fulfilNote: Nullable(Type.String()),
        returnedCount: Type.Integer(),
      }),
    ),
    claims: Type.Array(
      Type.Object({ id: Type.Integer(), claimantKind: Type.Enum(WISH_CLAIMANT_KINDS), claimantName: Type.String(), shares: Type.Integer(), status: Type.Enum(['active', 'returned'] as const), claimedAt: Instant() }),
    ),
    timeline: Type.Array(Type.Object({ kind: Type.Enum(WISH_EVENT_KINDS), at: Instant(), who: Type.String(), note: Type.String() })),
    photoIds: Type.Array(Type.String()),
    me: Type.Object({ myClaimId: Nullable(Type.Integer()), canClaim: Type.Boolean(), canFulfil: Type.Boolean(), canConfirm: Type.Boolean(), canVerify: Type.Boolean() }),
    postedAt: Instant(),
    realisedAt: Nullable(Instant()),
});

const Counts = { posted: Type.Integer(), published: Type.Integer(), claimed: Type.Integer(), realised: Type.Integer(), returned: Type.Integer() };
export const WishStats = Type.Object({
  node: NodeRef,
  rows: Type.Array(Type.Object({ community: Nullable(NodeRef), ...Counts })),
  total: Type.Object(Counts),
});

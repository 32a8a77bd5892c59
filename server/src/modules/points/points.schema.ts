import { Type, type Static } from 'typebox';
import { POINT_POSTING_KINDS, REDEMPTION_STATUSES, STOCK_MOVEMENT_KINDS } from '../../db/schema/points.js';
import { Id, Int, Limit, Nullable, Offset, RequiredText, Text } from '../../platform/schema.js';

const At = Type.String({ format: 'date-time' });
const Points = (description: string) => Int(0, 100_000, { description });
const Cap = (description: string) => Type.Union([Int(0, 1_000_000), Type.Null()], { description });

export const RuleFields = {
  perHour: Points('Points per confirmed hour (whole points, rounded down per entry)'),
  perActivity: Points('Points per confirmed activity entry (added once per record from an activity)'),
  dailyCap: Cap('Most service points per volunteer per service day (null: none)'),
  monthlyCap: Cap('Most service points per volunteer per calendar month (null: none)'),
  expiryMonths: Int(1, 120, { description: 'Points expire this many months after they were credited (first in, first out)' }),
};

export const RuleBody = Type.Object({ nodeId: Id(), ...RuleFields }, { additionalProperties: false });
export type RuleBody = Static<typeof RuleBody>;

const RuleShape = Type.Object({
  perHour: Type.Integer(),
  perActivity: Type.Integer(),
  dailyCap: Nullable(Type.Integer()),
  monthlyCap: Nullable(Type.Integer()),
  expiryMonths: Type.Integer(),
});

export const RuleView = Type.Object({
  nodeId: Type.Integer(),
  inForce: Type.Intersect([RuleShape, Type.Object({ fromNodeId: Nullable(Type.Integer()), fromNodeName: Nullable(Type.String()) })]),
  own: Nullable(RuleShape),
});

export const NodeQuery = Type.Object({ nodeId: Id() }, { additionalProperties: false });
export const PageQuery = Type.Object({ limit: Type.Optional(Limit(200, 50)), offset: Type.Optional(Offset()) }, { additionalProperties: false });

export const LedgerView = Type.Object({
  volunteer: Type.Object({ id: Type.Integer(), name: Type.String(), volunteerNo: Type.String() }),
  balance: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.Enum(POINT_POSTING_KINDS),
      points: Type.Integer(),
      reason: Nullable(Type.String()),
      hourEntryId: Nullable(Type.Integer()),
      serviceDate: Nullable(Type.String()),
      redemptionId: Nullable(Type.Integer()),
      createdAt: At,
    }),
  ),
});

export const AdjustBody = Type.Object(
  {
    points: Type.Union([Int(1, 100_000), Int(-100_000, -1)], { description: 'Positive awards, negative deducts (never below a zero balance)' }),
    reason: RequiredText(200),
  },
  { additionalProperties: false },
);

export const RunReply = Type.Object({ count: Type.Integer() });

// ——— Store ———

export const GoodsView = Type.Object({
  id: Type.Integer(),
  nodeId: Type.Integer(),
  nodeName: Type.String(),
  name: Type.String(),
  description: Type.String(),
  photoFileId: Nullable(Type.String()),
  pricePoints: Type.Integer(),
  monthlyLimit: Nullable(Type.Integer()),
  onShelf: Type.Boolean(),
  stock: Type.Integer(),
});
export const GoodsList = Type.Object({ items: Type.Array(GoodsView) });

const GoodsFields = {
  name: RequiredText(60),
  description: Type.Optional(Text(500)),
  photoFileId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'A file from POST /api/v1/files' })),
  pricePoints: Int(1, 100_000),
  monthlyLimit: Type.Optional(Type.Union([Int(1, 1000), Type.Null()], { description: 'Most per volunteer per calendar month (null: no limit)' })),
  onShelf: Type.Optional(Type.Boolean()),
};

export const GoodsBody = Type.Object({ nodeId: Id({ description: 'The node running the store (usually a community)' }), ...GoodsFields }, { additionalProperties: false });
export const GoodsPatch = Type.Object(
  {
    name: Type.Optional(GoodsFields.name),
    description: GoodsFields.description,
    photoFileId: GoodsFields.photoFileId,
    pricePoints: Type.Optional(GoodsFields.pricePoints),
    monthlyLimit: GoodsFields.monthlyLimit,
    onShelf: GoodsFields.onShelf,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ReceiptBody = Type.Object({ quantity: Int(1, 100_000), reason: Type.Optional(Text(200)) }, { additionalProperties: false });
export const StocktakeBody = Type.Object({ counted: Int(0, 1_000_000), reason: RequiredText(200) }, { additionalProperties: false });
export const StocktakeResult = Type.Object({ goodsId: Type.Integer(), expected: Type.Integer(), counted: Type.Integer(), difference: Type.Integer(), stock: Type.Integer() });

export const MovementList = Type.Object({
  goods: GoodsView,
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.Enum(STOCK_MOVEMENT_KINDS),
      quantity: Type.Integer(),
      counted: Nullable(Type.Integer()),
      expected: Nullable(Type.Integer()),
      redemptionId: Nullable(Type.Integer()),
      reason: Nullable(Type.String()),
      createdAt: At,
    }),
  ),
});

export const RedemptionView = Type.Object({
  id: Type.Integer(),
  goodsId: Type.Integer(),
  goodsName: Type.String(),
  nodeId: Type.Integer(),
  nodeName: Type.String(),
  volunteerId: Type.Integer(),
  volunteerName: Type.String(),
  quantity: Type.Integer(),
  points: Type.Integer(),
  status: Type.Enum(REDEMPTION_STATUSES),
  pickupCode: Nullable(Type.String()),
  createdAt: At,
  handedOverAt: Nullable(At),
  cancelledAt: Nullable(At),
  cancelReason: Nullable(Type.String()),
});
export const RedemptionList = Type.Object({ items: Type.Array(RedemptionView) });

export const RedeemBody = Type.Object({ goodsId: Id(), quantity: Type.Optional(Int(1, 20, { default: 1 })) }, { additionalProperties: false });
export const RedemptionQuery = Type.Object(
  {
    nodeId: Type.Optional(Id()),
    status: Type.Optional(Type.Enum(REDEMPTION_STATUSES)),
    volunteerId: Type.Optional(Id()),
    limit: Type.Optional(Limit(200, 50)),
    offset: Type.Optional(Offset()),
  },
  { additionalProperties: false },
);
export const HandOverBody = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$', minLength: 6, maxLength: 6, description: 'The six-digit pickup code' }) }, { additionalProperties: false });
export const CancelBody = Type.Object({ reason: RequiredText(200) }, { additionalProperties: false });

import { Type, type Static, type TSchema } from 'typebox';
import { LIMIT_UNITS, REQUEST_PRIORITIES } from '../../../db/schema/requests.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const NodeId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

export const CategoryIdParams = Type.Object({ id: NodeId });
export const TimeLimitIdParams = Type.Object({ id: NodeId });

export const CategoriesQuery = Type.Object({
  nodeId: Type.Optional(NodeId),
  includeInactive: Type.Optional(Type.Boolean({ default: false, description: 'Also switched-off categories (configurers only)' })),
});

const categoryFields = {
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  orgNodeId: Nullable(Type.Integer({ description: 'null for the defaults every node inherits' })),
  code: Type.String({ description: 'Stable code; the Open311 service code' }),
  name: Type.String(),
  nameEn: Type.String(),
  keywords: Type.Array(Type.String()),
  active: Type.Boolean(),
  sortOrder: Type.Integer(),
};
export const Category = Type.Object(categoryFields);
export const CategoryTree = Type.Object({
  items: Type.Array(Type.Object({ ...categoryFields, children: Type.Array(Category) })),
  actions: Type.Object({ configure: Type.Boolean() }),
});

const Keywords = Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 50 });

export const CreateCategoryBody = Type.Object(
  {
    nodeId: NodeId,
    parentId: Type.Optional(
      Type.Unsafe<number | null>({
        type: ['integer', 'null'],
        minimum: 1,
        maximum: 2_147_483_647,
        description: 'A top-level category; omit for a new top-level one',
      }),
    ),
    code: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{1,39}$', maxLength: 40, description: 'Letters, digits and _, 2–40 characters' }),
    name: Type.String({ minLength: 1, maxLength: 30 }),
    nameEn: Type.String({ minLength: 1, maxLength: 60 }),
    keywords: Type.Optional(Keywords),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type CreateCategoryBody = Static<typeof CreateCategoryBody>;

export const CategoryPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    keywords: Type.Optional(Keywords),
    active: Type.Optional(Type.Boolean({ description: 'Switch off instead of deleting; existing requests keep it' })),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CategoryPatchBody = Static<typeof CategoryPatchBody>;

export const Limit = Type.Object({
  amount: Type.Integer({ minimum: 1, maximum: 525_600 }),
  unit: Type.Enum(LIMIT_UNITS, {
    description: 'calendar_minutes (every hour counts), working_minutes or working_days on the working calendar',
  }),
});

export const TimeLimitsQuery = Type.Object({ nodeId: NodeId });

const Priority = Type.Enum(REQUEST_PRIORITIES);
const LimitSet = { response: Limit, resolution: Limit, onSite: Limit };

export const TimeLimit = Type.Object({
  id: Type.Integer(),
  node: Type.Object({ id: Type.Integer(), name: Type.String() }),
  categoryId: Nullable(Type.Integer({ description: 'null: any category' })),
  priority: Priority,
  response: Limit,
  resolution: Limit,
  onSite: Nullable(Limit),
  inherited: Type.Boolean({ description: 'Set at an ancestor of the node asked about' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const TimeLimitsReply = Type.Object({
  node: Type.Object({ id: Type.Integer(), name: Type.String() }),
  defaults: Type.Array(Type.Object({ priority: Priority, ...LimitSet }), { description: 'Built in, used where no node sets its own' }),
  effective: Type.Array(Type.Object({ priority: Priority, ...LimitSet }), {
    description: 'What applies at this node to a request of any category',
  }),
  items: Type.Array(TimeLimit, { description: 'Rows set at this node and its ancestors' }),
  actions: Type.Object({ configure: Type.Boolean() }),
});

export const PutTimeLimitBody = Type.Object(
  {
    nodeId: NodeId,
    categoryId: Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, maximum: 2_147_483_647 })),
    priority: Priority,
    response: Limit,
    resolution: Limit,
    onSite: Type.Optional(Type.Union([Limit, Type.Null()], { description: 'On-site verification of grid events; null inherits' })),
  },
  { additionalProperties: false },
);
export type PutTimeLimitBody = Static<typeof PutTimeLimitBody>;

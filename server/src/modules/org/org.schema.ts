import { Type, type Static, type TSchema } from 'typebox';
import { Id as SharedId } from '../../platform/schema.js';
import { ORG_KINDS, SERVICE_CENTER_KINDS } from '../../db/schema/org.js';

/** Nullable in replies. */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/**
 * Nullable scalars in requests are one `type` list, not anyOf: with type coercion on, Ajv would turn a null
 * into 0 or "" in the first anyOf branch ("lat": null would become latitude 0).
 */
const NullableNumberInput = (opts: { minimum: number; maximum: number }) => Type.Unsafe<number | null>({ type: ['number', 'null'], ...opts });
const NullableStringInput = (opts: { pattern?: string; maxLength?: number; description?: string }) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], ...opts });

export const Id = SharedId();
export { IdParams } from '../../platform/schema.js';

export const OrgKindSchema = Type.Enum(ORG_KINDS);
/** Kinds that are created and edited in Lianxin; the levels above come from the official division data. */
export const CREATABLE_KINDS = ['grid', 'building', 'unit', 'department'] as const;
export type CreatableKind = (typeof CREATABLE_KINDS)[number];

const Lng = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });

export const PolygonSchema = Type.Object(
  {
    type: Type.Literal('Polygon'),
    coordinates: Type.Array(Type.Array(Type.Tuple([Lng, Lat]), { minItems: 4, maxItems: 2000 }), { minItems: 1, maxItems: 20 }),
  },
  { description: 'GeoJSON Polygon: closed rings of [lng, lat]; the first ring is the outline, the others holes' },
);

const orgNodeFields = {
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  kind: OrgKindSchema,
  subkind: Nullable(Type.String()),
  code: Nullable(Type.String({ description: 'Official division code where one exists' })),
  name: Type.String(),
  depth: Type.Integer(),
  path: Type.String({ description: 'Ids from the root, e.g. "1.12.305"' }),
  childCount: Type.Integer(),
};

export const OrgNode = Type.Object(orgNodeFields);
export type OrgNode = Static<typeof OrgNode>;

export const OrgNodeDetail = Type.Object({
  ...orgNodeFields,
  hasPolygon: Type.Boolean(),
  polygon: Nullable(PolygonSchema),
});

export const NodeActions = Type.Object(
  {
    manage: Type.Boolean({ description: 'May add, rename and attach centers here' }),
    addChildKinds: Type.Array(Type.String(), { description: 'Kinds the caller may add directly below this node' }),
    rename: Type.Boolean({ description: 'May rename this node (created kinds only)' }),
  },
  { description: 'What the caller may do, so the UI can hide buttons' },
);

export const NodeReply = Type.Object({
  node: OrgNodeDetail,
  ancestors: Type.Array(OrgNode, { description: 'Root first; may reach above the caller’s scope (names for breadcrumbs)' }),
  actions: NodeActions,
});

export const NodeChangeReply = Type.Object({ node: OrgNodeDetail });

export const ChildrenQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export type ChildrenQuery = Static<typeof ChildrenQuery>;

export const ChildrenReply = Type.Object({ items: Type.Array(OrgNode), total: Type.Integer() });

export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 50, description: 'Chinese name substring, pinyin ("baoli") or initials ("blsq")' })),
  kind: Type.Optional(OrgKindSchema),
  under: Type.Optional(Id),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
});
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchReply = Type.Object({
  items: Type.Array(Type.Object({ ...orgNodeFields, pathNames: Type.Array(Type.String(), { description: 'Ancestor names, root first' }) })),
});

const NodeName = Type.String({ minLength: 1, maxLength: 60 });
const NodeCode = NullableStringInput({ pattern: '^[0-9A-Za-z-]{1,32}$', maxLength: 32, description: 'Local code, e.g. a grid number' });
const SubkindSchema = NullableStringInput({ pattern: '^[a-z_]{1,20}$', maxLength: 20 });

export const CreateNodeBody = Type.Object(
  {
    parentId: Id,
    kind: Type.Enum(CREATABLE_KINDS),
    name: NodeName,
    subkind: Type.Optional(SubkindSchema),
    code: Type.Optional(NodeCode),
    polygon: Type.Optional(Nullable(PolygonSchema)),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type CreateNodeBody = Static<typeof CreateNodeBody>;

export const PatchNodeBody = Type.Object(
  {
    name: Type.Optional(NodeName),
    subkind: Type.Optional(SubkindSchema),
    code: Type.Optional(NodeCode),
    polygon: Type.Optional(Nullable(PolygonSchema)),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchNodeBody = Static<typeof PatchNodeBody>;

const CenterKind = Type.Enum(SERVICE_CENTER_KINDS, { description: 'center 中心 or station 站' });
const Phone = NullableStringInput({ pattern: '^[0-9+() -]{5,20}$', maxLength: 20 });
const Address = NullableStringInput({ maxLength: 200 });
const LngInput = NullableNumberInput({ minimum: -180, maximum: 180 });
const LatInput = NullableNumberInput({ minimum: -90, maximum: 90 });

export const ServiceCenter = Type.Object({
  id: Type.Integer(),
  orgNodeId: Type.Integer(),
  kind: CenterKind,
  name: Type.String(),
  address: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  createdAt: Type.String({ format: 'date-time' }),
});

export const ServiceCentersQuery = Type.Object({
  includeDescendants: Type.Boolean({ default: false, description: 'Also list centers and stations of the whole subtree' }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }),
});
export type ServiceCentersQuery = Static<typeof ServiceCentersQuery>;

export const ServiceCentersReply = Type.Object({ items: Type.Array(ServiceCenter) });
export const ServiceCenterReply = Type.Object({ serviceCenter: ServiceCenter });

export const CreateServiceCenterBody = Type.Object(
  {
    orgNodeId: Id,
    kind: CenterKind,
    name: Type.String({ minLength: 1, maxLength: 80 }),
    address: Type.Optional(Address),
    phone: Type.Optional(Phone),
    lng: Type.Optional(LngInput),
    lat: Type.Optional(LatInput),
  },
  { additionalProperties: false },
);
export type CreateServiceCenterBody = Static<typeof CreateServiceCenterBody>;

export const PatchServiceCenterBody = Type.Object(
  {
    kind: Type.Optional(CenterKind),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    address: Type.Optional(Address),
    phone: Type.Optional(Phone),
    lng: Type.Optional(LngInput),
    lat: Type.Optional(LatInput),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchServiceCenterBody = Static<typeof PatchServiceCenterBody>;

import { Type, type Static } from 'typebox';
import { SERVICE_ITEM_CATEGORIES, SERVICE_MODES } from '../../../db/schema/services.js';
import { Id, Instant, Int, Limit, Nullable, Offset, RequiredText, Text } from '../../../platform/schema.js';
import { NOTICE_SECTION_KEYS } from './notice.js';

/** Nullable text input as one `type` list (with coercion on, an anyOf would read null as a string; see org.schema.ts). */
const NullableText = (maxLength: number, options: { description?: string } = {}) => Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength, ...options });

export const Material = Type.Object(
  {
    name: RequiredText(60),
    form: Type.Enum(['original', 'copy', 'original_and_copy', 'electronic'] as const),
    copies: Int(0, 20, { description: 'Copies to bring (0 for electronic material)' }),
    source: Type.Optional(NullableText(100, { description: '来源: where to get it' })),
    required: Type.Optional(Type.Boolean({ default: true })),
    note: Type.Optional(NullableText(200)),
  },
  { additionalProperties: false },
);

const Mode = Type.Enum(SERVICE_MODES);
const Category = Type.Enum(SERVICE_ITEM_CATEGORIES);

const itemFields = {
  code: Type.Optional(NullableText(40)),
  name: RequiredText(60),
  category: Category,
  eligibility: Type.Optional(Text(2000)),
  materials: Type.Array(Material, { minItems: 1, maxItems: 30 }),
  legalBasis: Type.Optional(Text(2000)),
  feeCents: Type.Optional(Int(0, 10_000_000, { description: 'Fee in fen; 0 = free' })),
  feeNote: Type.Optional(Text(200)),
  timeLimitDays: Type.Optional(Int(0, 365, { description: '承诺时限 in working days; 0 = on the spot' })),
  modes: Type.Array(Mode, { minItems: 1, maxItems: 5, uniqueItems: true }),
  process: Type.Optional(Text(4000)),
  notice: Type.Optional(Text(4000)),
  isCertificate: Type.Optional(Type.Boolean()),
  serviceMinutes: Type.Optional(Int(1, 480)),
  active: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Int(0, 100_000)),
};

export const CreateItemBody = Type.Object({ nodeId: Id({ description: 'The node whose guide lists it (services.manage there)' }), ...itemFields }, { additionalProperties: false });
export type CreateItemBody = Static<typeof CreateItemBody>;

export const PatchItemBody = Type.Object(
  {
    ...itemFields,
    name: Type.Optional(itemFields.name),
    category: Type.Optional(Category),
    materials: Type.Optional(itemFields.materials),
    modes: Type.Optional(itemFields.modes),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchItemBody = Static<typeof PatchItemBody>;

export const AdoptBody = Type.Object(
  { nodeId: Id({ description: 'The node adopting (services.manage there)' }), templateIds: Type.Array(Id(), { minItems: 1, maxItems: 200, uniqueItems: true }) },
  { additionalProperties: false },
);
export type AdoptBody = Static<typeof AdoptBody>;

export const GuideQuery = Type.Object(
  {
    nodeId: Type.Optional(Id({ description: "Whose guide; default the center's node, else my home, else the region" })),
    centerId: Type.Optional(Id()),
    q: Type.Optional(Text(40, { description: 'Name, full pinyin or initials (ylbx)' })),
    category: Type.Optional(Category),
    mode: Type.Optional(Mode),
    certificates: Type.Optional(Type.Boolean({ description: 'Only certificates a village or community may still issue' })),
  },
  { additionalProperties: false },
);
export type GuideQuery = Static<typeof GuideQuery>;

export const CatalogueQuery = Type.Object(
  {
    nodeId: Type.Optional(Id({ description: 'Default: the first node where I hold services.read' })),
    q: Type.Optional(Text(40)),
    category: Type.Optional(Category),
    mode: Type.Optional(Mode),
    active: Type.Optional(Type.Boolean()),
    limit: Limit(500, 200),
    offset: Offset(),
  },
  { additionalProperties: false },
);
export type CatalogueQuery = Static<typeof CatalogueQuery>;

export const TemplatesQuery = Type.Object({ nodeId: Type.Optional(Id({ description: 'The node that would adopt; default my first services.manage node' })) }, { additionalProperties: false });
export type TemplatesQuery = Static<typeof TemplatesQuery>;

const MaterialOut = Type.Object({
  name: Type.String(),
  form: Type.String(),
  copies: Type.Integer(),
  source: Nullable(Type.String()),
  required: Type.Boolean(),
  note: Nullable(Type.String()),
});

const itemViewProps = {
  id: Type.Integer(),
  nodeId: Type.Integer(),
  nodeName: Type.String(),
  templateId: Nullable(Type.Integer()),
  code: Nullable(Type.String()),
  name: Type.String(),
  category: Category,
  eligibility: Type.String(),
  materials: Type.Array(MaterialOut),
  legalBasis: Type.String(),
  feeCents: Type.Integer(),
  feeNote: Type.String(),
  timeLimitDays: Type.Integer(),
  modes: Type.Array(Mode),
  process: Type.String(),
  notice: Type.String(),
  isCertificate: Type.Boolean(),
  serviceMinutes: Type.Integer(),
  active: Type.Boolean(),
  sort: Type.Integer(),
  updatedAt: Instant(),
};
export const ItemView = Type.Object(itemViewProps);

/** A catalogue row for staff: the item and, for an adopted copy, the fields changed from its template. */
export const CatalogueRow = Type.Object({ ...itemViewProps, changedFields: Nullable(Type.Array(Type.String())), canManage: Type.Boolean() });
export const CatalogueList = Type.Object({ node: Type.Object({ id: Type.Integer(), name: Type.String() }), total: Type.Integer(), items: Type.Array(CatalogueRow) });

const NodeRef = Type.Object({ id: Type.Integer(), name: Type.String() });
export const GuideList = Type.Object({
  node: NodeRef,
  /** The node whose items these are: the node itself, or its nearest ancestor with items. */
  source: Nullable(NodeRef),
  items: Type.Array(ItemView),
});

export const NoticeOut = Type.Object({
  title: Type.String(),
  sections: Type.Array(Type.Object({ key: Type.Enum(NOTICE_SECTION_KEYS), heading: Type.String(), lines: Type.Array(Type.String()) })),
});

export const ItemDetail = Type.Object({
    ...itemViewProps,
    windows: Type.Array(Type.Object({ windowId: Type.Integer(), centerId: Type.Integer(), centerName: Type.String(), number: Type.Integer(), name: Type.String() })),
    completeNotice: NoticeOut,
    /** For staff over the item's node: the fields changed from its template (null when not adopted or not staff). */
    changedFields: Nullable(Type.Array(Type.String())),
    canManage: Type.Boolean(),
});

export const TemplateRow = Type.Object({ ...itemViewProps, adoptedItemId: Nullable(Type.Integer()), changedFields: Nullable(Type.Array(Type.String())) });
export const TemplateList = Type.Object({ node: NodeRef, items: Type.Array(TemplateRow) });

export const AdoptResult = Type.Object({ adopted: Type.Integer({ description: 'Copies created now' }), already: Type.Integer({ description: 'Already adopted before' }), itemIds: Type.Array(Type.Integer()) });

import { Type, type Static } from 'typebox';
import { TAG_SENSITIVITIES } from '../../db/schema/registry.js';
import { Day, Id, Instant, Int, Limit, Nullable, Offset, RequiredText, Text } from '../../platform/schema.js';

/** Care tags (关怀标签) and the access review of full views. */

const DetailField = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 30, pattern: '^[a-z][a-z0-9_]*$' }),
  label: RequiredText(30),
  labelEn: Type.Optional(Text(60)),
  options: Type.Optional(Type.Array(RequiredText(30), { maxItems: 30 })),
});

export const CareTag = Type.Object({
  id: Type.Integer(),
  orgNodeId: Type.Integer(),
  orgNodeName: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  sensitivity: Type.Enum(TAG_SENSITIVITIES),
  visibleToRoles: Type.Array(Type.String()),
  purpose: Type.String(),
  retentionDays: Type.Integer(),
  detailFields: Type.Array(
    Type.Object({ key: Type.String(), label: Type.String(), labelEn: Type.Optional(Type.String()), options: Type.Optional(Type.Array(Type.String())) }),
  ),
  color: Nullable(Type.String()),
  sortOrder: Type.Integer(),
  archived: Type.Boolean(),
  configurable: Type.Boolean({ description: 'Whether the caller may change it (registry.configure at its node)' }),
});
export type CareTag = Static<typeof CareTag>;

export const TagList = Type.Object({ items: Type.Array(CareTag) });

export const TagListQuery = Type.Object({
  nodeId: Type.Optional(Id({ description: 'Tags that apply at this place (configured there or above); default: wherever the caller reaches' })),
  includeArchived: Type.Optional(Type.Boolean()),
});
export type TagListQuery = Static<typeof TagListQuery>;

const Roles = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 20 });

export const CreateTagBody = Type.Object({
  orgNodeId: Id(),
  code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9_]*$' }),
  name: RequiredText(30),
  nameEn: Type.Optional(Text(60)),
  sensitivity: Type.Enum(TAG_SENSITIVITIES),
  visibleToRoles: Type.Optional(Roles),
  purpose: RequiredText(200),
  retentionDays: Int(0, 36500),
  detailFields: Type.Optional(Type.Array(DetailField, { maxItems: 10 })),
  color: Type.Optional(Text(20, { pattern: '^#[0-9a-fA-F]{6}$' })),
  sortOrder: Type.Optional(Int(0, 1000)),
});
export type CreateTagBody = Static<typeof CreateTagBody>;

export const PatchTagBody = Type.Object({
  name: Type.Optional(RequiredText(30)),
  nameEn: Type.Optional(Text(60)),
  sensitivity: Type.Optional(Type.Enum(TAG_SENSITIVITIES)),
  visibleToRoles: Type.Optional(Roles),
  purpose: Type.Optional(RequiredText(200)),
  retentionDays: Type.Optional(Int(0, 36500)),
  detailFields: Type.Optional(Type.Array(DetailField, { maxItems: 10 })),
  color: Type.Optional(Type.Union([Text(20, { pattern: '^#[0-9a-fA-F]{6}$' }), Type.Null()])),
  sortOrder: Type.Optional(Int(0, 1000)),
  archived: Type.Optional(Type.Boolean()),
}, { minProperties: 1 });
export type PatchTagBody = Static<typeof PatchTagBody>;

export const GiveTagBody = Type.Object({
  tagId: Id(),
  detail: Type.Optional(Type.Record(Type.String({ maxLength: 30 }), Text(60), { maxProperties: 10 })),
  note: Type.Optional(Text(500)),
});
export type GiveTagBody = Static<typeof GiveTagBody>;

export const PersonTagParams = Type.Object({ id: Id(), tagId: Id() });

export const AccessLogQuery = Type.Object({
  nodeId: Type.Optional(Id()),
  from: Type.Optional(Day()),
  to: Type.Optional(Day()),
  actorId: Type.Optional(Id()),
  limit: Limit(200, 50),
  offset: Offset(),
});
export type AccessLogQuery = Static<typeof AccessLogQuery>;

export const AccessLogEntry = Type.Object({
  id: Type.Integer(),
  at: Instant(),
  actorId: Nullable(Type.Integer()),
  actorName: Nullable(Type.String()),
  personId: Nullable(Type.Integer()),
  personName: Nullable(Type.String()),
  orgNodeId: Nullable(Type.Integer()),
  orgNodeName: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  fields: Type.Array(Type.String()),
  ip: Nullable(Type.String()),
});

export const AccessLog = Type.Object({ items: Type.Array(AccessLogEntry), total: Type.Integer() });

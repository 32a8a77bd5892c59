import { Type, type Static } from 'typebox';
import { Id, Int, Nullable, Text, Uuid } from '../../platform/schema.js';
import { TaskStatus } from '../requests/ledger/schema.js';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

/** For the OpenAPI document only: the route streams the multipart body to disk itself. */
export const RegistryUploadBody = Type.Object({
  file: Type.String({ format: 'binary', description: '实有人口登记表 as .xlsx (first sheet; the header within the first 5 rows). .csv is read too.' }),
  nodeId: Type.Integer({ description: 'The community (its org node id) the people are registered in; registry.manage there' }),
});

export const ImportIdParams = Type.Object({ id: Uuid() });

const Col = () => Type.Optional(Int(0, 499, { description: 'Column index, 0-based' }));

/** Field → column index; a field left out is not imported. */
const Mapping = Type.Object(
  {
    name: Col(),
    gender: Col(),
    ethnicity: Col(),
    birthDate: Col(),
    idNumber: Col(),
    mobile: Col(),
    relation: Col(),
    registeredAddress: Col(),
    building: Col(),
    unit: Col(),
    door: Col(),
    householdNo: Col(),
    livingStatus: Col(),
    tags: Col(),
    note: Col(),
  },
  { additionalProperties: false },
);

export const ImportDraftReply = Type.Object({
  id: Uuid(),
  communityId: Type.Integer(),
  fileName: Type.String(),
  headerRow: Type.Integer({ description: 'The sheet row (1-based) taken as the header' }),
  columns: Type.Array(Type.Object({ index: Type.Integer(), header: Type.String() })),
  mapping: Mapping,
  fields: Type.Array(Type.Object({ field: Type.String(), label: Bilingual })),
  preview: Type.Array(
    Type.Object({ row: Type.Integer(), cells: Type.Array(Type.String()) }),
    { description: 'The first data rows as text; anything that looks like an ID number or a mobile is masked' },
  ),
});

export const ImportRunBody = Type.Object(
  {
    mapping: Mapping,
    mode: Type.Union([Type.Literal('all_or_nothing'), Type.Literal('good_rows')], { description: 'all_or_nothing: nothing is written when any row has an error' }),
    duplicates: Type.Union([Type.Literal('skip'), Type.Literal('update')], { description: 'A person already registered (same ID number): skip the row or update the record' }),
  },
  { additionalProperties: false },
);
export type ImportRunBody = Static<typeof ImportRunBody>;

export const RegistryImportReply = Type.Object({
  id: Uuid(),
  status: TaskStatus,
  phase: Type.Union([Type.Literal('checking'), Type.Literal('writing'), Type.Literal('finished')]),
  mode: Type.Union([Type.Literal('all_or_nothing'), Type.Literal('good_rows')]),
  rowsChecked: Type.Integer(),
  rowsDone: Type.Integer({ description: 'Rows written (second pass)' }),
  rowsTotal: Type.Integer({ description: 'Data rows in the sheet (0 until the check pass ends)' }),
  created: Type.Integer(),
  updated: Type.Integer(),
  skipped: Type.Integer(),
  failed: Type.Integer({ description: 'Rows with errors (see the report)' }),
  warnings: Type.Integer(),
  households: Type.Integer({ description: 'Households created' }),
  committed: Type.Boolean({ description: 'Whether anything was written (false for an all-or-nothing import with bad rows)' }),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  fileName: Type.String(),
  error: Nullable(Bilingual),
  reportUrl: Nullable(Type.String()),
});

export const RegistryExportBody = Type.Object(
  {
    nodeId: Id({ description: 'Persons living in households under this node (registry.read there)' }),
    tagId: Type.Optional(Id({ description: 'Only persons with this care tag (one the caller may see)' })),
    ageMin: Type.Optional(Int(0, 150)),
    ageMax: Type.Optional(Int(0, 150)),
    livingStatus: Type.Optional(Type.Array(Type.Union([Type.Literal('present'), Type.Literal('away'), Type.Literal('deceased')]), { maxItems: 3, uniqueItems: true })),
    full: Type.Optional(Type.Boolean({ description: 'Full ID numbers, phones and addresses: needs personal.view_full and a reason (audited)' })),
    reason: Type.Optional(Text(200, { description: 'Why the full values are needed (required with full)' })),
  },
  { additionalProperties: false },
);
export type RegistryExportBody = Static<typeof RegistryExportBody>;

export const RegistryExportReply = Type.Object({
  id: Uuid(),
  status: TaskStatus,
  rowsDone: Type.Integer(),
  rowsTotal: Type.Integer(),
  full: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  fileName: Type.String(),
  error: Nullable(Bilingual),
  fileUrl: Nullable(Type.String()),
});

export const ExportTagsQuery = Type.Object({ nodeId: Id() }, { additionalProperties: false });
export const ExportTagsReply = Type.Object({
  items: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), nameEn: Type.String() })),
});

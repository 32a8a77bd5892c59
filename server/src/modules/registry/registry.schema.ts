import { Type, type Static } from 'typebox';
import { GENDERS, ID_KINDS, LIVING_STATUSES, MOVE_REASONS, RELATIONS, TAG_SENSITIVITIES } from '../../db/schema/registry.js';
import { Day, Id, Instant, Limit, Nullable, Offset, RequiredText, Text } from '../../platform/schema.js';
import { AGE_BANDS } from './age.js';

/** Persons (实有人口) and households: what the routes take and answer. Tags and the access log: tags.schema.ts. */

const Gender = Type.Enum(GENDERS);
const Relation = Type.Enum(RELATIONS);
const LivingStatus = Type.Enum(LIVING_STATUSES);
const IdKind = Type.Enum(ID_KINDS);
const NullableInput = (schema: ReturnType<typeof Text>) => Type.Union([schema, Type.Null()]);

export const PersonTag = Type.Object({
  tagId: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  sensitivity: Type.Enum(TAG_SENSITIVITIES),
  color: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.String(), { description: 'Sensitive tags: every value is "***" unless shown in the full view' }),
  detailMasked: Type.Boolean(),
  note: Nullable(Type.String()),
  addedAt: Instant(),
});
export type PersonTag = Static<typeof PersonTag>;

export const PersonSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  gender: Gender,
  birthDate: Nullable(Day()),
  age: Nullable(Type.Integer({ description: 'Computed from the birth date against today in China' })),
  ethnicity: Nullable(Type.String()),
  idKind: Nullable(IdKind),
  idNumber: Nullable(Type.String({ description: 'Masked: only the last four characters' })),
  mobile: Nullable(Type.String({ description: 'Masked, e.g. 138****8000' })),
  livingStatus: LivingStatus,
  relation: Nullable(Relation),
  householdId: Nullable(Type.Integer({ description: 'null after moving out of the area' })),
  address: Nullable(Type.String({ description: 'Where the person lives: the household’s place and door' })),
  gridId: Nullable(Type.Integer()),
  communityId: Nullable(Type.Integer()),
  tags: Type.Array(PersonTag, { description: 'Only the tags the caller’s roles may see' }),
});
export type PersonSummary = Static<typeof PersonSummary>;

export const Residence = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  householdId: Type.Integer(),
  householdAddress: Type.String({ description: 'Empty when the stay was outside the caller’s area (outsideScope)' }),
  outsideScope: Type.Boolean({ description: 'A stay in a household the caller may not read: dates and reasons only' }),
  relation: Nullable(Relation),
  movedInOn: Day(),
  movedInReason: Type.Enum(MOVE_REASONS),
  movedOutOn: Nullable(Day()),
  movedOutReason: Nullable(Type.Enum(MOVE_REASONS)),
  movedOutTo: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

export const PersonDetail = Type.Object({
  ...PersonSummary.properties,
    namePinyin: Type.String(),
    awayNote: Nullable(Type.String()),
    registeredAddress: Nullable(Type.String({ description: 'Masked: door numbers starred' })),
    note: Nullable(Type.String()),
    userId: Nullable(Type.Integer()),
    history: Type.Array(Residence),
    createdAt: Instant(),
    updatedAt: Instant(),
  allowedActions: Type.Array(Type.Union([Type.Literal('edit'), Type.Literal('move'), Type.Literal('tag'), Type.Literal('view_full')])),
});
export type PersonDetail = Static<typeof PersonDetail>;

export const PersonList = Type.Object({ items: Type.Array(PersonSummary), total: Type.Integer() });

const BoolText = Type.Boolean();

export const PersonListQuery = Type.Object({
  nodeId: Type.Optional(Id({ description: 'People living in this subtree (a community, a grid, a building, a unit)' })),
  q: Type.Optional(Text(50, { description: 'Name (similar), full pinyin or initials, the exact ID number, a mobile (all or the last 4), a door or address' })),
  tagIds: Type.Optional(Type.Array(Id(), { maxItems: 10, description: 'People with every one of these tags (tags the caller may not see match nobody)' })),
  ageBand: Type.Optional(Type.Enum(AGE_BANDS)),
  over80: Type.Optional(BoolText),
  over90: Type.Optional(BoolText),
  livingAlone: Type.Optional(Type.Boolean({ description: 'The only present member of their household' })),
  livingStatus: Type.Optional(LivingStatus),
  movedOut: Type.Optional(Type.Boolean({ description: 'People who moved out of the area (no household now) instead of current residents' })),
  limit: Limit(200, 20),
  offset: Offset(),
});
export type PersonListQuery = Static<typeof PersonListQuery>;

const IdNumberInput = Text(40, { description: 'Resident IDs are checked (GB 11643); stored encrypted, shown masked' });

export const CreatePersonBody = Type.Object({
  householdId: Id(),
  relation: Relation,
  name: RequiredText(40),
  gender: Type.Optional(Gender),
  birthDate: Type.Optional(Day()),
  ethnicity: Type.Optional(Text(20)),
  idKind: Type.Optional(IdKind),
  idNumber: Type.Optional(IdNumberInput),
  mobile: Type.Optional(Text(20)),
  registeredAddress: Type.Optional(Text(200)),
  livingStatus: Type.Optional(Type.Union([Type.Literal('present'), Type.Literal('away')])),
  awayNote: Type.Optional(Text(200)),
  note: Type.Optional(Text(500)),
  movedInOn: Type.Optional(Day({ description: 'Default: today' })),
  movedInReason: Type.Optional(Type.Union([Type.Literal('moved_in'), Type.Literal('born'), Type.Literal('correction'), Type.Literal('other')])),
});
export type CreatePersonBody = Static<typeof CreatePersonBody>;

export const PatchPersonBody = Type.Object({
  name: Type.Optional(RequiredText(40)),
  gender: Type.Optional(Gender),
  birthDate: Type.Optional(Type.Union([Day(), Type.Null()])),
  ethnicity: Type.Optional(NullableInput(Text(20))),
  idKind: Type.Optional(Type.Union([IdKind, Type.Null()])),
  idNumber: Type.Optional(NullableInput(IdNumberInput)),
  mobile: Type.Optional(NullableInput(Text(20))),
  registeredAddress: Type.Optional(NullableInput(Text(200))),
  livingStatus: Type.Optional(LivingStatus),
  awayNote: Type.Optional(NullableInput(Text(200))),
  relation: Type.Optional(Relation),
  note: Type.Optional(NullableInput(Text(500))),
}, { minProperties: 1 });
export type PatchPersonBody = Static<typeof PatchPersonBody>;

export const MovePersonBody = Type.Object({
  reason: Type.Union(
    [Type.Literal('moved_within'), Type.Literal('moved_in'), Type.Literal('moved_away'), Type.Literal('deceased'), Type.Literal('correction'), Type.Literal('other')],
    { description: 'moved_away and deceased leave the area (no target household); the others need toHouseholdId' },
  ),
  toHouseholdId: Type.Optional(Id()),
  relation: Type.Optional(Relation),
  on: Day({ description: 'The day of the move' }),
  movedOutTo: Type.Optional(Text(200, { description: 'Where the person went, when leaving the area' })),
  note: Type.Optional(Text(500)),
});
export type MovePersonBody = Static<typeof MovePersonBody>;

export const FullViewBody = Type.Object({ reason: Text(200, { description: 'Why the full record is needed (at least 4 characters); written to the audit log' }) });

export const PersonFullView = Type.Object({
  idNumber: Nullable(Type.String()),
  mobile: Nullable(Type.String()),
  registeredAddress: Nullable(Type.String()),
  tags: Type.Array(PersonTag),
  fields: Type.Array(Type.String(), { description: 'What was shown (as written to the audit log)' }),
});

export const Household = Type.Object({
  id: Type.Integer(),
  nodeId: Type.Integer(),
  placePath: Type.String({ description: 'From the community down to the place, e.g. 保利社区 / 第一网格 / 3号楼 / 2单元' }),
  door: Nullable(Type.String()),
  householdNo: Nullable(Type.String()),
  address: Nullable(Type.String()),
  gridId: Nullable(Type.Integer()),
  communityId: Type.Integer(),
  headName: Nullable(Type.String()),
  memberCount: Type.Integer(),
  note: Nullable(Type.String()),
  createdAt: Instant(),
  closedAt: Nullable(Instant()),
});
export type Household = Static<typeof Household>;

export const HouseholdDetail = Type.Object({
  ...Household.properties,
    members: Type.Array(PersonSummary),
    history: Type.Array(Residence, { description: 'Every stay, including people who moved out' }),
  allowedActions: Type.Array(Type.Union([Type.Literal('edit'), Type.Literal('add_person'), Type.Literal('close')])),
});

export const HouseholdList = Type.Object({ items: Type.Array(Household), total: Type.Integer() });

export const HouseholdListQuery = Type.Object({
  nodeId: Type.Optional(Id()),
  q: Type.Optional(Text(50, { description: 'Door, household number, address, or the head’s name' })),
  includeClosed: Type.Optional(Type.Boolean()),
  limit: Limit(200, 20),
  offset: Offset(),
});
export type HouseholdListQuery = Static<typeof HouseholdListQuery>;

export const CreateHouseholdBody = Type.Object({
  nodeId: Id({ description: 'A unit, a building, or a (village/gacha) community' }),
  door: Type.Optional(Text(40)),
  householdNo: Type.Optional(Text(40)),
  address: Type.Optional(Text(200)),
  note: Type.Optional(Text(500)),
});
export type CreateHouseholdBody = Static<typeof CreateHouseholdBody>;

export const PatchHouseholdBody = Type.Object({
  nodeId: Type.Optional(Id()),
  door: Type.Optional(NullableInput(Text(40))),
  householdNo: Type.Optional(NullableInput(Text(40))),
  address: Type.Optional(NullableInput(Text(200))),
  note: Type.Optional(NullableInput(Text(500))),
}, { minProperties: 1 });
export type PatchHouseholdBody = Static<typeof PatchHouseholdBody>;

export const CloseHouseholdBody = Type.Object({ note: Type.Optional(Text(500)) });

export const Ethnicities = Type.Object({ items: Type.Array(Type.String()) });

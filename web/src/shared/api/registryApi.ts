import { api } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';
import { valuesOf } from './values';

/**
 * The resident registry 实有人口 (server/src/modules/registry/registry.routes.ts): persons, households, care tags
 * and the access review. Every read is masked; the full record comes only from fullView, which needs a reason and
 * is written to the audit log.
 */

export type PersonDetail = ApiResponse<'/registry/persons/{id}', 'get'>;
export type PersonSummary = ApiResponse<'/registry/persons', 'get'>['items'][number];
export type PersonTag = PersonSummary['tags'][number];
export type Residence = PersonDetail['history'][number];
export type PersonListQuery = ApiQuery<'/registry/persons', 'get'>;
export type CreatePersonInput = ApiBody<'/registry/persons', 'post'>;
export type PatchPersonInput = ApiBody<'/registry/persons/{id}', 'patch'>;
export type MovePersonInput = ApiBody<'/registry/persons/{id}/move', 'post'>;
export type PersonFullView = ApiResponse<'/registry/persons/{id}/full-view', 'post'>;
export type Household = ApiResponse<'/registry/households', 'get'>['items'][number];
export type HouseholdDetail = ApiResponse<'/registry/households/{id}', 'get'>;
export type CreateHouseholdInput = ApiBody<'/registry/households', 'post'>;
export type PatchHouseholdInput = ApiBody<'/registry/households/{id}', 'patch'>;
export type CareTag = ApiResponse<'/registry/tags', 'get'>['items'][number];
export type CreateTagInput = ApiBody<'/registry/tags', 'post'>;
export type PatchTagInput = ApiBody<'/registry/tags/{id}', 'patch'>;
export type AccessLogEntry = ApiResponse<'/registry/access-log', 'get'>['items'][number];

export type Gender = PersonSummary['gender'];
export type Relation = NonNullable<PersonSummary['relation']>;
export type LivingStatus = PersonSummary['livingStatus'];
export type IdKind = NonNullable<PersonSummary['idKind']>;
export type AgeBand = NonNullable<PersonListQuery['ageBand']>;
export type MoveReason = MovePersonInput['reason'];
export type TagSensitivity = CareTag['sensitivity'];

export const GENDERS = valuesOf<Gender>()(['male', 'female', 'unknown']);
export const RELATIONS = valuesOf<Relation>()([
  'head',
  'spouse',
  'child',
  'child_in_law',
  'grandchild',
  'parent',
  'parent_in_law',
  'grandparent',
  'sibling',
  'other_relative',
  'non_relative',
]);
export const LIVING_STATUSES = valuesOf<LivingStatus>()(['present', 'away', 'deceased']);
export const ID_KINDS = valuesOf<IdKind>()(['resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport', 'foreign_permanent', 'other']);
export const AGE_BANDS = valuesOf<AgeBand>()(['under18', 'from18to59', 'from60to79', 'from80']);
export const MOVE_REASONS = valuesOf<MoveReason>()(['moved_within', 'moved_in', 'moved_away', 'deceased', 'correction', 'other']);
export const TAG_SENSITIVITIES = valuesOf<TagSensitivity>()(['ordinary', 'sensitive']);

export const personsApi = {
  list: (query: PersonListQuery) => api.get('/registry/persons', { query }),
  get: (id: number) => api.get('/registry/persons/{id}', { path: { id } }),
  create: (body: CreatePersonInput) => api.post('/registry/persons', { body }),
  update: (id: number, body: PatchPersonInput) => api.patch('/registry/persons/{id}', { path: { id }, body }),
  move: (id: number, body: MovePersonInput) => api.post('/registry/persons/{id}/move', { path: { id }, body }),
  fullView: (id: number, reason: string) => api.post('/registry/persons/{id}/full-view', { path: { id }, body: { reason } }),
  giveTag: (id: number, body: ApiBody<'/registry/persons/{id}/tags', 'post'>) => api.post('/registry/persons/{id}/tags', { path: { id }, body }),
  removeTag: (id: number, tagId: number) => api.post('/registry/persons/{id}/tags/{tagId}/remove', { path: { id, tagId } }),
  ethnicities: () => api.get('/registry/ethnicities'),
};

export const householdsApi = {
  list: (query: ApiQuery<'/registry/households', 'get'>) => api.get('/registry/households', { query }),
  get: (id: number) => api.get('/registry/households/{id}', { path: { id } }),
  create: (body: CreateHouseholdInput) => api.post('/registry/households', { body }),
  update: (id: number, body: PatchHouseholdInput) => api.patch('/registry/households/{id}', { path: { id }, body }),
  close: (id: number, note?: string) => api.post('/registry/households/{id}/close', { path: { id }, body: note ? { note } : {} }),
};

export const careTagsApi = {
  list: (query: ApiQuery<'/registry/tags', 'get'> = {}) => api.get('/registry/tags', { query }),
  create: (body: CreateTagInput) => api.post('/registry/tags', { body }),
  update: (id: number, body: PatchTagInput) => api.patch('/registry/tags/{id}', { path: { id }, body }),
};

export const accessLogApi = {
  list: (query: ApiQuery<'/registry/access-log', 'get'>) => api.get('/registry/access-log', { query }),
};

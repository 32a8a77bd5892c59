import { api } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';
import { valuesOf } from './values';

/**
 * The service guide 办事指南 and home service 上门办/帮办代办 (server/src/modules/services/guide, …/athome): one
 * function per endpoint and the shapes the pages use.
 */
export type GuideList = ApiResponse<'/services/items', 'get'>;
export type GuideItem = GuideList['items'][number];
export type GuideQuery = ApiQuery<'/services/items', 'get'>;
export type ItemDetail = ApiResponse<'/services/items/{id}', 'get'>;
export type ServiceMode = GuideItem['modes'][number];
export type ServiceCategory = GuideItem['category'];
export type NoticeSection = ItemDetail['completeNotice']['sections'][number];
export type CatalogueRow = ApiResponse<'/services/items/catalogue', 'get'>['items'][number];
export type CatalogueQuery = ApiQuery<'/services/items/catalogue', 'get'>;
export type TemplateRow = ApiResponse<'/services/templates', 'get'>['items'][number];
export type ItemInput = ApiBody<'/services/items', 'post'>;
export type ItemPatch = ApiBody<'/services/items/{id}', 'patch'>;
export type MaterialInput = ItemInput['materials'][number];
export type MaterialForm = MaterialInput['form'];
export type HomeRequestInput = ApiBody<'/services/home-requests', 'post'>;
export type HomeKind = HomeRequestInput['kind'];
export type HomeRow = ApiResponse<'/services/home-requests', 'get'>['items'][number];
export type HomeQuery = ApiQuery<'/services/home-requests', 'get'>;
export type HomeDetail = ApiResponse<'/services/home-requests/{id}', 'get'>;

export const SERVICE_MODES = valuesOf<ServiceMode>()(['on_the_spot', 'online', 'by_appointment', 'at_home', 'on_behalf']);
export const SERVICE_CATEGORIES = valuesOf<ServiceCategory>()([
  'social_security',
  'medical_insurance',
  'civil_affairs',
  'household',
  'certificates',
  'employment',
  'family',
  'veterans',
  'utilities',
  'elderly',
  'party',
  'other',
]);
export const MATERIAL_FORMS = valuesOf<MaterialForm>()(['original', 'copy', 'original_and_copy', 'electronic']);
export const HOME_KINDS = valuesOf<HomeKind>()(['at_home', 'on_behalf']);

export const servicesGuideApi = {
  guide: (query: GuideQuery, signal?: AbortSignal) => api.get('/services/items', { query, signal }),
  certificates: (query: GuideQuery, signal?: AbortSignal) => api.get('/services/items/certificates', { query, signal }),
  item: (id: number, signal?: AbortSignal) => api.get('/services/items/{id}', { path: { id }, signal }),
  catalogue: (query: CatalogueQuery, signal?: AbortSignal) => api.get('/services/items/catalogue', { query, signal }),
  create: (body: ItemInput) => api.post('/services/items', { body }),
  update: (id: number, body: ItemPatch) => api.patch('/services/items/{id}', { path: { id }, body }),
  reset: (id: number) => api.post('/services/items/{id}/reset', { path: { id } }),
  templates: (nodeId: number, signal?: AbortSignal) => api.get('/services/templates', { query: { nodeId }, signal }),
  adopt: (nodeId: number, templateIds: number[]) => api.post('/services/items/adopt', { body: { nodeId, templateIds } }),
};

export const homeServiceApi = {
  create: (body: HomeRequestInput) => api.post('/services/home-requests', { body }),
  list: (query: HomeQuery, signal?: AbortSignal) => api.get('/services/home-requests', { query, signal }),
  get: (id: number, signal?: AbortSignal) => api.get('/services/home-requests/{id}', { path: { id }, signal }),
};

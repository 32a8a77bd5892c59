import { api } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';

/** The convenience workshop 便民工坊 (server/src/modules/services/workshop): one function per endpoint. */
export type Provider = ApiResponse<'/services/workshop/providers/{id}', 'get'>;
export type WorkshopService = Provider['services'][number];
export type ProviderInput = ApiBody<'/services/workshop/providers', 'post'>;
export type ProviderPatch = ApiBody<'/services/workshop/providers/{id}', 'patch'>;
export type WorkshopOrder = ApiResponse<'/services/workshop/orders/{id}', 'get'>;
export type OrdersQuery = ApiQuery<'/services/workshop/orders', 'get'>;
export type WorkshopStats = ApiResponse<'/services/workshop/stats', 'get'>;
export type WorkshopCategory = ProviderInput['services'][number]['category'];
export type ProviderKind = ProviderInput['kind'];

export const WORKSHOP_CATEGORIES: WorkshopCategory[] = [
  'haircut',
  'appliance_repair',
  'key_cutting',
  'tailoring',
  'bicycle_repair',
  'drain_clearing',
  'housekeeping',
  'legal_advice',
  'health',
  'tutoring',
  'other',
];
export const PROVIDER_KINDS: ProviderKind[] = ['resident', 'shop', 'unit', 'social_org'];

/** 1550 → "15.50"; 0 → "0". */
export function yuan(cents: number): string {
  return cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);
}

export const workshopApi = {
  providers: (category?: WorkshopCategory) => api.get('/services/workshop/providers', { query: category ? { category } : {} }),
  provider: (id: number) => api.get('/services/workshop/providers/{id}', { path: { id } }),
  myProviders: () => api.get('/services/workshop/providers/mine'),
  manageProviders: (query: ApiQuery<'/services/workshop/providers/manage', 'get'>) => api.get('/services/workshop/providers/manage', { query }),
  createProvider: (body: ProviderInput) => api.post('/services/workshop/providers', { body }),
  updateProvider: (id: number, body: ProviderPatch) => api.patch('/services/workshop/providers/{id}', { path: { id }, body }),
  order: (body: ApiBody<'/services/workshop/orders', 'post'>) => api.post('/services/workshop/orders', { body }),
  myOrders: () => api.get('/services/workshop/orders/mine', { query: { limit: 100 } }),
  providerOrders: () => api.get('/services/workshop/orders/provider', { query: { limit: 100 } }),
  staffOrders: (query: OrdersQuery) => api.get('/services/workshop/orders', { query }),
  confirm: (id: number, confirmedFor: string) => api.post('/services/workshop/orders/{id}/confirm', { path: { id }, body: { confirmedFor } }),
  decline: (id: number, reason: string) => api.post('/services/workshop/orders/{id}/decline', { path: { id }, body: { reason } }),
  done: (id: number) => api.post('/services/workshop/orders/{id}/done', { path: { id } }),
  cancel: (id: number) => api.post('/services/workshop/orders/{id}/cancel', { path: { id } }),
  rate: (id: number, rating: number, comment: string) => api.post('/services/workshop/orders/{id}/rate', { path: { id }, body: { rating, ...(comment ? { comment } : {}) } }),
  stats: (query: ApiQuery<'/services/workshop/stats', 'get'>) => api.get('/services/workshop/stats', { query }),
};

import { api } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';
import { valuesOf } from './values';

/**
 * Home pages (server/src/modules/home) and 我也遇到 (server/src/modules/requests/metoo.*): one function per endpoint,
 * and the names pages use for the generated shapes.
 */

export type DeskHome = ApiResponse<'/home/desk', 'get'>;
export type OverviewHome = ApiResponse<'/home/overview', 'get'>;
export type OverviewCommunity = OverviewHome['communities'][number];
export type OverviewRates = OverviewCommunity['current'];
export type RankBy = OverviewHome['rankBy'];
export const RANK_BY = valuesOf<RankBy>()(['responseRate', 'resolutionRate', 'satisfactionRate']);
export type MineHome = ApiResponse<'/home/mine', 'get'>;
export type NearbyReply = ApiResponse<'/requests/nearby', 'get'>;
export type NearbyItem = NearbyReply['items'][number];
export type NearbyQuery = ApiQuery<'/requests/nearby', 'get'>;
export type MeTooReply = ApiResponse<'/requests/{id}/me-too', 'post'>;
export type ServiceCenterContact = ApiBody<'/service-centers/{id}', 'patch'>;

export const homeApi = {
  desk: (nodeId: number) => api.get('/home/desk', { query: { nodeId } }),
  overview: (nodeId: number, rankBy?: RankBy) => api.get('/home/overview', { query: { nodeId, rankBy } }),
  mine: () => api.get('/home/mine'),
};

export const meTooApi = {
  nearby: (query: NearbyQuery = {}) => api.get('/requests/nearby', { query }),
  add: (id: number) => api.post('/requests/{id}/me-too', { path: { id } }),
  withdraw: (id: number) => api.delete('/requests/{id}/me-too', { path: { id } }),
};

export const serviceCentersApi = {
  /** Community staff may change the phone and address; the rest of a center needs org.manage. */
  updateContact: (id: number, body: ServiceCenterContact) => api.patch('/service-centers/{id}', { path: { id }, body }),
};

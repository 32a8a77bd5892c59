import { api } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';

/** The duty roster 坐班值班 (server/src/modules/services/roster): one function per endpoint. */
export type RosterView = ApiResponse<'/services/roster', 'get'>;
export type RosterShift = RosterView['shifts'][number];
export type RosterDay = RosterView['days'][number];
export type ShiftInput = ApiBody<'/services/roster/shifts', 'post'>;
export type ShiftPatch = ApiBody<'/services/roster/shifts/{id}', 'patch'>;
export type FillInput = ApiBody<'/services/roster/fill', 'post'>;
export type FillResult = ApiResponse<'/services/roster/fill', 'post'>;
export type Swap = ApiResponse<'/services/roster/swaps', 'get'>['items'][number];
export type Colleague = ApiResponse<'/services/roster/colleagues', 'get'>['items'][number];
export type DutyToday = ApiResponse<'/services/duty/today', 'get'>;
export type CenterSummary = ApiResponse<'/org-nodes/{id}/service-centers', 'get'>['items'][number];

export const rosterApi = {
  centers: (nodeId: number) => api.get('/org-nodes/{id}/service-centers', { path: { id: nodeId }, query: { includeDescendants: true, limit: 200 } }),
  view: (query: ApiQuery<'/services/roster', 'get'>, signal?: AbortSignal) => api.get('/services/roster', { query, signal }),
  colleagues: (centerId: number) => api.get('/services/roster/colleagues', { query: { centerId } }),
  createShift: (body: ShiftInput) => api.post('/services/roster/shifts', { body }),
  updateShift: (id: number, body: ShiftPatch) => api.patch('/services/roster/shifts/{id}', { path: { id }, body }),
  deleteShift: (id: number) => api.delete('/services/roster/shifts/{id}', { path: { id } }),
  fill: (body: FillInput) => api.post('/services/roster/fill', { body }),
  gaps: (centerId: number) => api.get('/services/roster/gaps', { query: { centerId } }),
  swaps: (centerId: number, status?: Swap['status']) => api.get('/services/roster/swaps', { query: { centerId, ...(status ? { status: status as 'pending' } : {}) } }),
  requestSwap: (body: ApiBody<'/services/roster/swaps', 'post'>) => api.post('/services/roster/swaps', { body }),
  decideSwap: (id: number, approve: boolean, note?: string) => api.post('/services/roster/swaps/{id}/decide', { path: { id }, body: { approve, ...(note ? { note } : {}) } }),
  withdrawSwap: (id: number) => api.post('/services/roster/swaps/{id}/withdraw', { path: { id } }),
  today: (centerId: number) => api.get('/services/duty/today', { query: { centerId } }),
  mine: () => api.get('/services/duty/today/mine'),
};

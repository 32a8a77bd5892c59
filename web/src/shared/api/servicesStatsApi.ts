import { api } from './index';
import type { ApiQuery, ApiResponse } from './client';

/** Statistics of convenience services 便民服务统计 (server/src/modules/services/stats). */
export type ServiceStats = ApiResponse<'/services/stats', 'get'>;
export type ServiceStatsQuery = ApiQuery<'/services/stats', 'get'>;

export const servicesStatsApi = {
  stats: (query: ServiceStatsQuery, signal?: AbortSignal) => api.get('/services/stats', { query, signal }),
};

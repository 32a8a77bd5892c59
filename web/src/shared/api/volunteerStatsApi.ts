import { api } from './index';
import type { ApiQuery, ApiResponse } from './client';

/** Volunteering statistics 志愿服务统计 (server/src/modules/volunteer-stats). */
export type VolunteerStats = ApiResponse<'/volunteer-stats', 'get'>;
export type VolunteerStatsQuery = ApiQuery<'/volunteer-stats', 'get'>;

export const volunteerStatsApi = {
  stats: (query: VolunteerStatsQuery, signal?: AbortSignal) => api.get('/volunteer-stats', { query, signal }),
};

import { api } from './index';
import type { ApiQuery, ApiResponse } from './client';

/**
 * Maps (server/src/modules/map, GET /requests/points): the tile configuration, grid and building outlines,
 * "which grid is this point in", and requests as points.
 */
export type MapConfig = ApiResponse<'/map/config', 'get'>;
export type MapLayers = ApiResponse<'/map/layers', 'get'>;
export type MapFeature = MapLayers['features'][number];
export type LocateResult = ApiResponse<'/map/locate', 'get'>;
export type RequestPoints = ApiResponse<'/requests/points', 'get'>;
export type RequestPoint = RequestPoints['items'][number];
export type RequestPointsQuery = ApiQuery<'/requests/points', 'get'>;

export const mapApi = {
  config: () => api.get('/map/config'),
  layers: (nodeId: number, signal?: AbortSignal) => api.get('/map/layers', { query: { nodeId }, signal }),
  locate: (lng: number, lat: number, signal?: AbortSignal) => api.get('/map/locate', { query: { lng, lat }, signal }),
  points: (query: RequestPointsQuery, signal?: AbortSignal) => api.get('/requests/points', { query, signal }),
};

import { api } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';
import { valuesOf } from './values';

/**
 * Grid work 网格工作 (server/src/modules/gridwork): the work log, a household's history, visit plans and coverage,
 * work statistics, visit rules and place assignments — one function per endpoint and the shapes pages use.
 */
export type WorkLog = ApiResponse<'/gridwork/logs/{id}', 'get'>;
export type WorkKind = WorkLog['kind'];
export type VisitMode = NonNullable<WorkLog['mode']>;
export type LogInput = ApiBody<'/gridwork/logs', 'post'>;
export type LogListQuery = ApiQuery<'/gridwork/logs', 'get'>;
export type HouseholdTimeline = ApiResponse<'/gridwork/households/{id}/timeline', 'get'>;
export type TimelineItem = HouseholdTimeline['items'][number];
export type DueList = ApiResponse<'/gridwork/due', 'get'>;
export type DueItem = DueList['items'][number];
export type DueStatus = DueItem['status'];
export type Coverage = ApiResponse<'/gridwork/coverage', 'get'>;
export type WorkStats = ApiResponse<'/gridwork/stats', 'get'>;
export type PeriodQuery = ApiQuery<'/gridwork/coverage', 'get'>;
export type RuleList = ApiResponse<'/gridwork/rules', 'get'>;
export type VisitRule = RuleList['items'][number];
export type RuleInput = ApiBody<'/gridwork/rules', 'put'>;
export type AssignmentList = ApiResponse<'/gridwork/assignments', 'get'>;
export type PlaceAssignment = AssignmentList['items'][number];
export type PlaceDuty = PlaceAssignment['duty'];
export type AssignInput = ApiBody<'/gridwork/assignments', 'post'>;
export type HouseholdHit = ApiResponse<'/gridwork/households', 'get'>['items'][number];

export const WORK_KINDS = valuesOf<WorkKind>()(['visit', 'info_collection', 'hazard_check', 'dispute_mediation', 'policy_publicity', 'errand', 'patrol']);
export const VISIT_MODES = valuesOf<VisitMode>()(['home', 'phone', 'hospital']);
export const PLACE_DUTIES = valuesOf<PlaceDuty>()(['grid_worker', 'building_leader', 'unit_leader', 'household_leader']);

export const gridworkApi = {
  log: (body: LogInput) => api.post('/gridwork/logs', { body }),
  logs: (query: LogListQuery, signal?: AbortSignal) => api.get('/gridwork/logs', { query, signal }),
  timeline: (id: number, signal?: AbortSignal) => api.get('/gridwork/households/{id}/timeline', { path: { id }, signal }),
  searchHouseholds: (q: string, signal?: AbortSignal) => api.get('/gridwork/households', { query: { q, limit: 20 }, signal }),
  due: (point: { lng: number; lat: number } | null, signal?: AbortSignal) => api.get('/gridwork/due', { query: { ...(point ?? {}), limit: 200 }, signal }),
  coverage: (query: PeriodQuery, signal?: AbortSignal) => api.get('/gridwork/coverage', { query, signal }),
  stats: (query: PeriodQuery, signal?: AbortSignal) => api.get('/gridwork/stats', { query, signal }),
  rules: (nodeId: number) => api.get('/gridwork/rules', { query: { nodeId } }),
  setRule: (body: RuleInput) => api.put('/gridwork/rules', { body }),
  deleteRule: (id: number) => api.delete('/gridwork/rules/{id}', { path: { id } }),
  assignments: (query: ApiQuery<'/gridwork/assignments', 'get'>) => api.get('/gridwork/assignments', { query }),
  assign: (body: AssignInput) => api.post('/gridwork/assignments', { body }),
  endAssignment: (id: number, note?: string) => api.post('/gridwork/assignments/{id}/end', { path: { id }, body: note ? { note } : {} }),
};

import { api, postMultipart } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';
import type { UploadOptions } from './upload';
import { valuesOf } from './values';

/**
 * Requests 接诉即办 (server/src/modules/requests/*.routes.ts): one function per endpoint, and the names pages use
 * for the generated shapes (schema.d.ts).
 */

// ---- shapes ----------------------------------------------------------------------------------------------------

export type RequestDetail = ApiResponse<'/requests/{id}', 'get'>;
export type RequestList = ApiResponse<'/requests/mine', 'get'>;
export type RequestItem = RequestList['items'][number];
export type TimelineEvent = RequestDetail['timeline'][number];
export type RequestExtension = RequestDetail['extensions'][number];
export type Photo = RequestItem['photos'][number];

export type RequestStatus = RequestItem['status'];
export type RequestChannel = RequestItem['channel'];
export type RequestPriority = RequestItem['priority'];
export type RequestAction = RequestItem['allowedActions'][number];
export type Satisfaction = NonNullable<RequestItem['followUp']['satisfaction']>;
export type CloseReason = NonNullable<RequestItem['closeReason']>;

export const REQUEST_STATUSES = valuesOf<RequestStatus>()([
  'submitted',
  'accepted',
  'dispatched',
  'in_progress',
  'resolved',
  'closed',
  'merged',
  'rejected',
]);
export const REQUEST_CHANNELS = valuesOf<RequestChannel>()(['resident', 'staff', 'patrol', 'building_leader', 'mobile_grid_worker', 'hotline', 'open311']);
export const REQUEST_PRIORITIES = valuesOf<RequestPriority>()(['urgent', 'ordinary', 'complex']);
export const SATISFACTIONS = valuesOf<Satisfaction>()(['satisfied', 'basically_satisfied', 'unsatisfied']);
export const CLOSE_REASONS = valuesOf<CloseReason>()(['followed_up', 'no_reply', 'no_reporter']);
export const REQUEST_ACTIONS = valuesOf<RequestAction>()([
  'accept',
  'dispatch',
  'take',
  'progress',
  'resolve',
  'return',
  'transfer',
  'merge',
  'reject',
  'request_extension',
  'decide_extension',
  'follow_up',
]);
/**
 * Timeline event names with a label: the user steps plus what the system records. The server sends the name as a
 * plain string (requests/workflow/transitions.ts EventAction), so a name missing here shows as "unknown", not as an error.
 */
export const TIMELINE_ACTIONS: readonly string[] = [
  'submit',
  'accept',
  'dispatch',
  'take',
  'progress',
  'resolve',
  'self_resolve',
  'return',
  'transfer',
  'merge',
  'merged_in',
  'reject',
  'follow_up',
  'reopen',
  'close',
  'remind',
  'escalate',
  'extension_request',
  'extension_approve',
  'extension_deny',
  'deadline_recompute',
];

export type SubmitInput = ApiBody<'/requests', 'post'>;
export type SelfResolveInput = ApiBody<'/requests/self-resolved', 'post'>;
export type ClassifyInput = ApiBody<'/requests/{id}/accept', 'post'>;
export type DispatchInput = ApiBody<'/requests/{id}/dispatch', 'post'>;
export type NoteInput = ApiBody<'/requests/{id}/take', 'post'>;
export type FollowUpInput = ApiBody<'/requests/{id}/follow-up', 'post'>;

export type DispatchTargets = ApiResponse<'/requests/{id}/dispatch-targets', 'get'>;
export type TransferTargets = ApiResponse<'/requests/{id}/transfer-targets', 'get'>;
export type Suggestions = ApiResponse<'/requests/{id}/suggestions', 'get'>;
export type ContactReply = ApiResponse<'/requests/{id}/contact', 'post'>;

export type CategoryTree = ApiResponse<'/requests/categories', 'get'>;
export type RequestCategory = ApiResponse<'/requests/categories/{id}', 'patch'>;
export type CreateCategoryInput = ApiBody<'/requests/categories', 'post'>;
export type CategoryPatch = ApiBody<'/requests/categories/{id}', 'patch'>;

export type TimeLimitsReply = ApiResponse<'/requests/time-limits', 'get'>;
export type TimeLimit = TimeLimitsReply['items'][number];
export type LimitSet = TimeLimitsReply['defaults'][number];
export type Limit = LimitSet['response'];
export type LimitUnit = Limit['unit'];
export type PutTimeLimitInput = ApiBody<'/requests/time-limits', 'put'>;

export type RatesReply = ApiResponse<'/requests/rates', 'get'>;
export type RateCounts = RatesReply['totals'];
export type RateKey = keyof RatesReply['definitions'];
export const RATE_KEYS = valuesOf<RateKey>()(['responseRate', 'resolutionRate', 'satisfactionRate']);

// ---- the ledger 台账, its export and the hotline import ----------------------------------------------------------

/** The filters shared by the list and the export. */
export type LedgerFilter = ApiBody<'/requests/ledger/exports', 'post'>;
export type LedgerQuery = ApiQuery<'/requests/ledger', 'get'>;
export type LedgerSort = NonNullable<LedgerFilter['sort']>;
export const LEDGER_SORTS = valuesOf<LedgerSort>()(['received', 'deadline', 'status']);
export type LedgerPage = ApiResponse<'/requests/ledger', 'get'>;
export type LedgerItem = LedgerPage['items'][number];
export type LedgerExport = ApiResponse<'/requests/ledger/exports/{id}', 'get'>;
export type HotlineImport = ApiResponse<'/requests/imports/{id}', 'get'>;

// ---- endpoints -------------------------------------------------------------------------------------------------

type ListQuery = ApiQuery<'/requests/mine', 'get'>;

export const requestsApi = {
  /** Staff may add the hotline order number and when the call came in. */
  submit: (body: SubmitInput) => api.post('/requests', { body }),
  selfResolve: (body: SelfResolveInput) => api.post('/requests/self-resolved', { body }),
  get: (id: number) => api.get('/requests/{id}', { path: { id } }),
  mine: (query: ListQuery) => api.get('/requests/mine', { query }),
  tasks: (query: ApiQuery<'/requests/tasks', 'get'>) => api.get('/requests/tasks', { query }),
  inbox: (query: ApiQuery<'/requests/inbox', 'get'>) => api.get('/requests/inbox', { query }),
  overdue: (query: ApiQuery<'/requests/overdue', 'get'>) => api.get('/requests/overdue', { query }),
  escalated: (query: ApiQuery<'/requests/escalated', 'get'>) =>
    api.get('/requests/escalated', { query: { ...query, includeClosed: query.includeClosed || undefined } }),
  contact: (id: number, reason: string) => api.post('/requests/{id}/contact', { path: { id }, body: { reason } }),
  suggestions: (id: number) => api.get('/requests/{id}/suggestions', { path: { id } }),
  dispatchTargets: (id: number) => api.get('/requests/{id}/dispatch-targets', { path: { id } }),
  transferTargets: (id: number, query: ApiQuery<'/requests/{id}/transfer-targets', 'get'> = {}) =>
    api.get('/requests/{id}/transfer-targets', { path: { id }, query }),

  accept: (id: number, body: ClassifyInput) => api.post('/requests/{id}/accept', { path: { id }, body }),
  dispatch: (id: number, body: DispatchInput) => api.post('/requests/{id}/dispatch', { path: { id }, body }),
  transfer: (id: number, body: ApiBody<'/requests/{id}/transfer', 'post'>) => api.post('/requests/{id}/transfer', { path: { id }, body }),
  merge: (id: number, body: ApiBody<'/requests/{id}/merge', 'post'>) => api.post('/requests/{id}/merge', { path: { id }, body }),
  reject: (id: number, body: ApiBody<'/requests/{id}/reject', 'post'>) => api.post('/requests/{id}/reject', { path: { id }, body }),
  take: (id: number, body: NoteInput) => api.post('/requests/{id}/take', { path: { id }, body }),
  progress: (id: number, body: ApiBody<'/requests/{id}/progress', 'post'>) => api.post('/requests/{id}/progress', { path: { id }, body }),
  resolve: (id: number, body: ApiBody<'/requests/{id}/resolve', 'post'>) => api.post('/requests/{id}/resolve', { path: { id }, body }),
  returnToDispatcher: (id: number, body: ApiBody<'/requests/{id}/return', 'post'>) => api.post('/requests/{id}/return', { path: { id }, body }),
  followUp: (id: number, body: FollowUpInput) => api.post('/requests/{id}/follow-up', { path: { id }, body }),
  requestExtension: (id: number, body: ApiBody<'/requests/{id}/extension', 'post'>) => api.post('/requests/{id}/extension', { path: { id }, body }),
  approveExtension: (id: number, body: ApiBody<'/requests/{id}/extension/approve', 'post'>) =>
    api.post('/requests/{id}/extension/approve', { path: { id }, body }),
  denyExtension: (id: number, body: ApiBody<'/requests/{id}/extension/deny', 'post'>) =>
    api.post('/requests/{id}/extension/deny', { path: { id }, body }),

  rates: (query: ApiQuery<'/requests/rates', 'get'>) => api.get('/requests/rates', { query }),
};

export const requestConfigApi = {
  categories: (query: ApiQuery<'/requests/categories', 'get'> = {}) =>
    api.get('/requests/categories', { query: { ...query, includeInactive: query.includeInactive || undefined } }),
  createCategory: (body: CreateCategoryInput) => api.post('/requests/categories', { body }),
  updateCategory: (id: number, body: CategoryPatch) => api.patch('/requests/categories/{id}', { path: { id }, body }),
  timeLimits: (nodeId: number) => api.get('/requests/time-limits', { query: { nodeId } }),
  putTimeLimit: (body: PutTimeLimitInput) => api.put('/requests/time-limits', { body }),
  deleteTimeLimit: (id: number) => api.delete('/requests/time-limits/{id}', { path: { id } }),
};

export const ledgerApi = {
  list: (query: LedgerQuery) => api.get('/requests/ledger', { query }),
  startExport: (body: LedgerFilter) => api.post('/requests/ledger/exports', { body }),
  exportStatus: (id: string) => api.get('/requests/ledger/exports/{id}', { path: { id } }),
  /** A plain link: the browser downloads it with the session cookie and the server's file name. */
  exportFileUrl: (id: string) => api.url('/requests/ledger/exports/{id}/file', { path: { id } }),
};

export const hotlineImportApi = {
  /** Upload the sheet (.xlsx or .csv); the import then runs in the background. */
  start: (file: File, nodeId: number, options: Omit<UploadOptions, 'nodeId'> = {}) =>
    postMultipart('/requests/imports', file, file.name, { ...options, nodeId }),
  status: (id: string) => api.get('/requests/imports/{id}', { path: { id } }),
};

import { api, postMultipart } from './index';
import type { HotlineImport, LedgerExport, LedgerFilter, LedgerPage, LedgerQuery } from './ledgerTypes';
import type { UploadOptions } from './upload';
import type {
  CategoryPatch,
  CategoryTree,
  ClassifyInput,
  ContactReply,
  CreateCategoryInput,
  DispatchInput,
  DispatchTargets,
  FollowUpInput,
  NoteInput,
  PutTimeLimitInput,
  RatesReply,
  RequestCategory,
  RequestDetail,
  RequestList,
  RequestStatus,
  SelfResolveInput,
  SubmitInput,
  Suggestions,
  TransferTargets,
  TimeLimit,
  TimeLimitsReply,
} from './requestTypes';

/** Requests 接诉即办, one function per endpoint (server/src/modules/requests/*.routes.ts). */

interface ListPage {
  limit: number;
  offset: number;
  status?: RequestStatus[];
}

const step = <B>(name: string) => (id: number, body: B) => api.post<RequestDetail>(`/requests/${id}/${name}`, body);

export const requestsApi = {
  /** Staff may add the hotline order number and when the call came in. */
  submit: (input: SubmitInput & { externalRef?: string | null; receivedAt?: string | null }) => api.post<RequestDetail>('/requests', input),
  selfResolve: (input: SelfResolveInput) => api.post<RequestDetail>('/requests/self-resolved', input),
  get: (id: number) => api.get<RequestDetail>(`/requests/${id}`),
  mine: (query: ListPage) => api.get<RequestList>('/requests/mine', { ...query }),
  tasks: (query: ListPage) => api.get<RequestList>('/requests/tasks', { ...query }),
  inbox: (query: ListPage & { nodeId?: number }) => api.get<RequestList>('/requests/inbox', { ...query }),
  overdue: (query: { nodeId?: number; limit: number; offset: number }) => api.get<RequestList>('/requests/overdue', { ...query }),
  escalated: (query: { includeClosed?: boolean; limit: number; offset: number }) =>
    api.get<RequestList>('/requests/escalated', { ...query, includeClosed: query.includeClosed || undefined }),
  contact: (id: number, reason: string) => api.post<ContactReply>(`/requests/${id}/contact`, { reason }),
  suggestions: (id: number) => api.get<Suggestions>(`/requests/${id}/suggestions`),
  dispatchTargets: (id: number) => api.get<DispatchTargets>(`/requests/${id}/dispatch-targets`),
  transferTargets: (id: number, query: { q?: string; limit?: number } = {}) =>
    api.get<TransferTargets>(`/requests/${id}/transfer-targets`, { q: query.q || undefined, limit: query.limit }),

  accept: step<ClassifyInput>('accept'),
  dispatch: step<DispatchInput>('dispatch'),
  transfer: step<{ targetNodeId: number; note: string }>('transfer'),
  merge: step<{ intoRequestId: number; note?: string | null }>('merge'),
  reject: step<{ reason: string }>('reject'),
  take: step<NoteInput>('take'),
  progress: step<NoteInput>('progress'),
  resolve: step<NoteInput>('resolve'),
  returnToDispatcher: step<{ reason: string }>('return'),
  followUp: step<FollowUpInput>('follow-up'),
  requestExtension: step<{ extraWorkingDays: number; reason: string }>('extension'),
  approveExtension: step<{ note?: string | null }>('extension/approve'),
  denyExtension: step<{ note?: string | null }>('extension/deny'),

  rates: (query: { nodeId: number; from: string; to: string }) => api.get<RatesReply>('/requests/rates', query),
};

export const requestConfigApi = {
  categories: (query: { nodeId?: number; includeInactive?: boolean } = {}) =>
    api.get<CategoryTree>('/requests/categories', { nodeId: query.nodeId, includeInactive: query.includeInactive || undefined }),
  createCategory: (input: CreateCategoryInput) => api.post<RequestCategory>('/requests/categories', input),
  updateCategory: (id: number, patch: CategoryPatch) => api.patch<RequestCategory>(`/requests/categories/${id}`, patch),
  timeLimits: (nodeId: number) => api.get<TimeLimitsReply>('/requests/time-limits', { nodeId }),
  putTimeLimit: (input: PutTimeLimitInput) => api.put<TimeLimit>('/requests/time-limits', input),
  deleteTimeLimit: (id: number) => api.delete<void>(`/requests/time-limits/${id}`),
};

export const ledgerApi = {
  list: (query: LedgerQuery) => api.get<LedgerPage>('/requests/ledger', { ...query }),
  startExport: (filter: LedgerFilter) => api.post<LedgerExport>('/requests/ledger/exports', filter),
  exportStatus: (id: string) => api.get<LedgerExport>(`/requests/ledger/exports/${id}`),
  /** A plain link: the browser downloads it with the session cookie and the server's file name. */
  exportFileUrl: (id: string) => `/api/v1/requests/ledger/exports/${id}/file`,
};

export const hotlineImportApi = {
  /** Upload the sheet (.xlsx or .csv); the import then runs in the background. */
  start: (file: File, nodeId: number, options: Omit<UploadOptions, 'nodeId'> = {}) =>
    postMultipart<HotlineImport>('/requests/imports', file, file.name, { ...options, nodeId }),
  status: (id: string) => api.get<HotlineImport>(`/requests/imports/${id}`),
};

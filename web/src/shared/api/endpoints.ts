import { api } from './instance';
import type { ApiBody, ApiQuery, ApiResponse } from './client';
import { valuesOf } from './values';

/**
 * One function per endpoint of the platform modules (auth, org, users, audit, notifications, calendar), so pages
 * never spell a URL themselves, and the names pages use for their shapes. Every shape is the generated one
 * (schema.d.ts): a field renamed on the server fails the typecheck of each page that reads it.
 */

// ---- shapes ----------------------------------------------------------------------------------------------------

export type Me = ApiResponse<'/me', 'get'>;
export type MeUser = Me['user'];
export type MeRole = Me['roles'][number];
export type LoginResult = ApiResponse<'/auth/login', 'post'>;

export type OrgNode = ApiResponse<'/org-nodes/{id}/children', 'get'>['items'][number];
export type OrgKind = OrgNode['kind'];
export const ORG_KINDS = valuesOf<OrgKind>()(['region', 'city', 'county', 'town', 'community', 'grid', 'building', 'unit', 'department']);
/** A node as GET /me sends it (roles, scopes), or as a list sends it (with its child count). */
export type OrgNodeRef = Me['scopes'][number] & Partial<Pick<OrgNode, 'childCount'>>;
export type OrgNodeSearchHit = ApiResponse<'/org-nodes', 'get'>['items'][number];
export type OrgNodeWithAncestors = ApiResponse<'/org-nodes/{id}', 'get'>;

export type RoleDefinition = ApiResponse<'/roles', 'get'>['items'][number];
export type ManagedUser = ApiResponse<'/users/{id}', 'get'>;
export type UserRoleAssignment = ManagedUser['roles'][number];
export type UserAction = ManagedUser['allowedActions'][number];
export type CreateUserInput = ApiBody<'/users', 'post'>;
export type UpdateUserInput = ApiBody<'/users/{id}', 'patch'>;

export type AuditPage = ApiResponse<'/audit', 'get'>;
export type AuditEntry = AuditPage['items'][number];
export type AuditQuery = ApiQuery<'/audit', 'get'>;

export type NotificationPage = ApiResponse<'/notifications', 'get'>;
export type NotificationItem = NotificationPage['items'][number];

export type CalendarDay = ApiResponse<'/calendar/days', 'get'>['items'][number];
export type CalendarReason = CalendarDay['reason'];
export type NationalCalendarSummary = ApiResponse<'/calendar/national', 'get'>;
export type NationalYear = NationalCalendarSummary['years'][number];
export type NationalYearSource = NationalYear['source'];
export type NationalYearDetail = ApiResponse<'/calendar/national/{year}', 'get'>;
export type NationalSpecialDay = NationalYearDetail['days'][number];
export type NationalImportResult = ApiResponse<'/calendar/national/{year}/import', 'post'>;
export type NationalYearInput = ApiBody<'/calendar/national/{year}', 'put'>;
export type NationalImportInput = ApiBody<'/calendar/national/{year}/import', 'post'>;

// ---- endpoints -------------------------------------------------------------------------------------------------

export const authApi = {
  login: (username: string, password: string) => api.post('/auth/login', { body: { username, password } }),
  logout: () => api.post('/auth/logout'),
  logoutAll: () => api.post('/auth/logout-all'),
  me: () => api.get('/me'),
};

export const orgApi = {
  get: (id: number) => api.get('/org-nodes/{id}', { path: { id } }),
  children: (id: number, limit = 200, offset = 0) => api.get('/org-nodes/{id}/children', { path: { id }, query: { limit, offset } }),
  search: (q: string, opts: Omit<ApiQuery<'/org-nodes', 'get'>, 'q'> = {}, signal?: AbortSignal) =>
    api.get('/org-nodes', { query: { ...opts, q, limit: opts.limit ?? 20 }, signal }),

  /** Every child of a node, page by page; `max` keeps a runaway subtree from freezing the page. */
  async allChildren(id: number, max = 2000): Promise<{ items: OrgNode[]; total: number }> {
    const pageSize = 200;
    const items: OrgNode[] = [];
    let total = 0;
    do {
      const page = await orgApi.children(id, pageSize, items.length);
      total = page.total;
      items.push(...page.items);
      if (page.items.length === 0) break;
    } while (items.length < total && items.length < max);
    return { items, total };
  },
};

export const rolesApi = {
  list: () => api.get('/roles'),
};

export const usersApi = {
  list: (query: ApiQuery<'/users', 'get'>) => api.get('/users', { query }),
  create: (body: CreateUserInput) => api.post('/users', { body }),
  update: (id: number, body: UpdateUserInput) => api.patch('/users/{id}', { path: { id }, body }),
  grantRole: (id: number, role: string, orgNodeId: number) => api.post('/users/{id}/roles', { path: { id }, body: { role, orgNodeId } }),
  revokeRole: (id: number, assignmentId: number) => api.delete('/users/{id}/roles/{assignmentId}', { path: { id, assignmentId } }),
};

export const auditApi = {
  list: (query: AuditQuery) => api.get('/audit', { query }),
};

export const notificationsApi = {
  list: (query: { limit: number; offset: number; unread?: boolean }) =>
    api.get('/notifications', { query: { limit: query.limit, offset: query.offset, unread: query.unread || undefined } }),
  markRead: (id: number) => api.post('/notifications/{id}/read', { path: { id } }),
  markAllRead: () => api.post('/notifications/read-all'),
  streamUrl: api.url('/notifications/stream'),
};

export const calendarApi = {
  days: (nodeId: number, from: string, to: string) => api.get('/calendar/days', { query: { nodeId, from, to } }),
  national: () => api.get('/calendar/national'),
  nationalYear: (year: number) => api.get('/calendar/national/{year}', { path: { year } }),
  putNationalYear: (year: number, body: NationalYearInput) => api.put('/calendar/national/{year}', { path: { year }, body }),
  importNationalYear: (year: number, body: NationalImportInput) => api.post('/calendar/national/{year}/import', { path: { year }, body }),
};

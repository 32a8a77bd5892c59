import { api } from './index';
import type {
  AuditPage,
  AuditQuery,
  CalendarDay,
  NationalCalendarSummary,
  NationalImportResult,
  NationalSpecialDay,
  NationalYearDetail,
  CreateUserInput,
  LoginResult,
  ManagedUser,
  Me,
  NotificationItem,
  NotificationPage,
  OrgKind,
  OrgNode,
  OrgNodeSearchHit,
  OrgNodeWithAncestors,
  Page,
  RoleDefinition,
  UpdateUserInput,
} from './types';

/** One function per endpoint, grouped by server module, so pages never spell a URL themselves. */

export const authApi = {
  login: (username: string, password: string) => api.post<LoginResult>('/auth/login', { username, password }),
  logout: () => api.post<void>('/auth/logout'),
  me: () => api.get<Me>('/me'),
};

export const orgApi = {
  get: (id: number) => api.get<OrgNodeWithAncestors>(`/org-nodes/${id}`),
  children: (id: number, limit = 200, offset = 0) =>
    api.get<Page<OrgNode>>(`/org-nodes/${id}/children`, { limit, offset }),
  search: (q: string, opts: { kind?: OrgKind; under?: number; limit?: number } = {}, signal?: AbortSignal) =>
    api.get<{ items: OrgNodeSearchHit[] }>('/org-nodes', { q, kind: opts.kind, under: opts.under, limit: opts.limit ?? 20 }, signal),

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
  list: () => api.get<{ items: RoleDefinition[] }>('/roles'),
};

export const usersApi = {
  list: (query: { nodeId?: number; q?: string; limit: number; offset: number }) =>
    api.get<Page<ManagedUser>>('/users', query),
  create: (input: CreateUserInput) => api.post<ManagedUser>('/users', input),
  update: (id: number, input: UpdateUserInput) => api.patch<ManagedUser>(`/users/${id}`, input),
  grantRole: (id: number, role: string, orgNodeId: number) =>
    api.post<ManagedUser>(`/users/${id}/roles`, { role, orgNodeId }),
  revokeRole: (id: number, assignmentId: number) => api.delete<ManagedUser>(`/users/${id}/roles/${assignmentId}`),
  unlock: (id: number) => api.post<ManagedUser>(`/users/${id}/unlock`),
};

export const auditApi = {
  list: (query: AuditQuery) => api.get<AuditPage>('/audit', { ...query }),
};

export const notificationsApi = {
  list: (query: { limit: number; offset: number; unread?: boolean }) =>
    api.get<NotificationPage>('/notifications', { limit: query.limit, offset: query.offset, unread: query.unread || undefined }),
  markRead: (id: number) => api.post<NotificationItem>(`/notifications/${id}/read`),
  markAllRead: () => api.post<{ updated: number }>('/notifications/read-all'),
  streamUrl: '/api/v1/notifications/stream',
};

export const calendarApi = {
  days: (nodeId: number, from: string, to: string) =>
    api.get<{ items: CalendarDay[] }>('/calendar/days', { nodeId, from, to }),
  national: () => api.get<NationalCalendarSummary>('/calendar/national'),
  nationalYear: (year: number) => api.get<NationalYearDetail>(`/calendar/national/${year}`),
  putNationalYear: (year: number, body: { sourceNote: string; days: NationalSpecialDay[] }) =>
    api.put<NationalYearDetail>(`/calendar/national/${year}`, body),
  importNationalYear: (year: number, body: { sourceNote: string; fileName: string; content: string; preview?: boolean }) =>
    api.post<NationalImportResult>(`/calendar/national/${year}/import`, body),
};

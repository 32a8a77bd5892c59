import { api } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';
import { valuesOf } from './values';

/**
 * Micro-wishes 微心愿 and in-service party members 双报到 (server/src/modules/wishes, modules/party): one function per
 * endpoint and the shapes the pages use.
 */
export type WishCard = ApiResponse<'/wishes', 'get'>['items'][number];
export type WishDetail = ApiResponse<'/wishes/{id}', 'get'>;
export type WishStatus = WishDetail['status'];
export type WishKind = WishDetail['kind'];
export type WishEventKind = WishDetail['timeline'][number]['kind'];
export type ClaimantKind = ApiBody<'/wishes/{id}/claim', 'post'>['as'];
export type PostWishInput = ApiBody<'/wishes', 'post'>;
export type WallQuery = ApiQuery<'/wishes', 'get'>;
export type TrackQuery = ApiQuery<'/wishes/tracking', 'get'>;
export type TrackItem = ApiResponse<'/wishes/tracking', 'get'>['items'][number];
export type WishStats = ApiResponse<'/wishes/stats', 'get'>;
export type ClaimInput = ApiBody<'/wishes/{id}/claim', 'post'>;

export const WISH_STATUSES = valuesOf<WishStatus>()(['pending', 'rejected', 'published', 'fulfilled', 'realised']);
export const WISH_KINDS = valuesOf<WishKind>()(['goods', 'service']);
export const CLAIMANT_KINDS = valuesOf<ClaimantKind>()(['party_member', 'volunteer', 'team', 'unit']);

export const wishesApi = {
  wall: (query: WallQuery, signal?: AbortSignal) => api.get('/wishes', { query, signal }),
  mine: () => api.get('/wishes/mine'),
  get: (id: number, signal?: AbortSignal) => api.get('/wishes/{id}', { path: { id }, signal }),
  post: (body: PostWishInput) => api.post('/wishes', { body }),
  verify: (id: number, method: 'home_visit' | 'phone', note: string) => api.post('/wishes/{id}/verify', { path: { id }, body: { method, note } }),
  reject: (id: number, reason: string) => api.post('/wishes/{id}/reject', { path: { id }, body: { reason } }),
  claim: (id: number, body: ClaimInput) => api.post('/wishes/{id}/claim', { path: { id }, body }),
  fulfil: (id: number, photoIds: string[], note: string) => api.post('/wishes/{id}/fulfil', { path: { id }, body: { photoIds, ...(note ? { note } : {}) } }),
  confirm: (id: number, note: string) => api.post('/wishes/{id}/confirm', { path: { id }, body: note ? { note } : {} }),
  tracking: (query: TrackQuery, signal?: AbortSignal) => api.get('/wishes/tracking', { query, signal }),
  stats: (query: ApiQuery<'/wishes/stats', 'get'>, signal?: AbortSignal) => api.get('/wishes/stats', { query, signal }),
};

export type PartyMember = ApiResponse<'/party/members', 'get'>['items'][number];
export type PartyMemberStatus = PartyMember['status'];
export type PartyMe = ApiResponse<'/party/me', 'get'>;
export type PartyPost = ApiResponse<'/party/posts', 'get'>['items'][number];
export type PartyPairing = ApiResponse<'/party/pairings', 'get'>['items'][number];
export type ServiceLog = ApiResponse<'/party/logs', 'get'>['items'][number];
export type ServiceCards = ApiResponse<'/party/cards', 'get'>;
export type CardQuery = ApiQuery<'/party/cards', 'get'>;
export type ReportInput = ApiBody<'/party/report', 'post'>;

export const partyApi = {
  report: (body: ReportInput) => api.post('/party/report', { body }),
  me: () => api.get('/party/me'),
  members: (query: ApiQuery<'/party/members', 'get'>) => api.get('/party/members', { query }),
  confirmMember: (id: number) => api.post('/party/members/{id}/confirm', { path: { id }, body: {} }),
  rejectMember: (id: number, note: string) => api.post('/party/members/{id}/reject', { path: { id }, body: { note } }),
  pairings: (communityId: number) => api.get('/party/pairings', { query: { communityId } }),
  addPairing: (body: ApiBody<'/party/pairings', 'post'>) => api.post('/party/pairings', { body }),
  posts: (communityId: number) => api.get('/party/posts', { query: { communityId } }),
  addPost: (body: ApiBody<'/party/posts', 'post'>) => api.post('/party/posts', { body }),
  updatePost: (id: number, body: ApiBody<'/party/posts/{id}', 'patch'>) => api.patch('/party/posts/{id}', { path: { id }, body }),
  claimPost: (id: number) => api.post('/party/posts/{id}/claim', { path: { id } }),
  log: (body: ApiBody<'/party/logs', 'post'>) => api.post('/party/logs', { body }),
  logs: (query: ApiQuery<'/party/logs', 'get'>) => api.get('/party/logs', { query }),
  confirmLog: (id: number) => api.post('/party/logs/{id}/confirm', { path: { id }, body: {} }),
  rejectLog: (id: number, note: string) => api.post('/party/logs/{id}/reject', { path: { id }, body: { note } }),
  cards: (query: CardQuery) => api.get('/party/cards', { query }),
  /** A plain link: the browser downloads it with the session cookie and the server's file name. */
  cardsExportUrl: (query: CardQuery) => api.url('/party/cards/export', { query }),
};

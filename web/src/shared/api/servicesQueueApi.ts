import { api } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';

/**
 * The hall's queue 排队叫号, its display screen and the ratings 好差评 (server/src/modules/services/queue): one
 * function per endpoint and the shapes the pages use.
 */
export type HeldTicket = ApiResponse<'/services/queue/tickets/by-token/{token}', 'get'>;
export type TicketStatus = HeldTicket['status'];
export type TicketSource = HeldTicket['source'];
export type DeskReply = ApiResponse<'/services/queue/desk', 'get'>;
export type DeskTicket = DeskReply['tickets'][number];
export type DeskWindow = DeskReply['windows'][number];
export type Display = ApiResponse<'/services/display/{centerId}', 'get'>;
export type DisplayCall = Display['current'][number];
export type Rating = ApiResponse<'/services/ratings', 'get'>['items'][number];
export type RatingList = ApiResponse<'/services/ratings', 'get'>;
export type RatingQuery = ApiQuery<'/services/ratings', 'get'>;
export type RateInput = ApiBody<'/services/ratings', 'post'>;
export type Waits = ApiResponse<'/services/queue/waits', 'get'>;
export type TicketQr = ApiResponse<'/services/queue/tickets/by-token/{token}/qr', 'get'>;

/** 5 非常满意 … 1 非常不满意; the two lowest need a reason. */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;
export const needsReason = (level: number) => level <= 2;

export const queueApi = {
  kiosk: (centerId: number, itemId?: number) => api.post('/services/queue/tickets/kiosk', { body: { centerId, ...(itemId ? { itemId } : {}) } }),
  take: (body: ApiBody<'/services/queue/tickets', 'post'>) => api.post('/services/queue/tickets', { body }),
  checkIn: (body: ApiBody<'/services/queue/check-in', 'post'>) => api.post('/services/queue/check-in', { body }),
  mine: (signal?: AbortSignal) => api.get('/services/queue/tickets/mine', { signal }),
  byToken: (token: string, signal?: AbortSignal) => api.get('/services/queue/tickets/by-token/{token}', { path: { token }, signal }),
  qr: (token: string) => api.get('/services/queue/tickets/by-token/{token}/qr', { path: { token } }),
  desk: (centerId: number, windowId?: number, signal?: AbortSignal) => api.get('/services/queue/desk', { query: { centerId, ...(windowId ? { windowId } : {}) }, signal }),
  callNext: (windowId: number) => api.post('/services/queue/windows/{windowId}/call-next', { path: { windowId } }),
  recall: (id: number) => api.post('/services/queue/tickets/{id}/recall', { path: { id } }),
  serve: (id: number) => api.post('/services/queue/tickets/{id}/serve', { path: { id } }),
  done: (id: number) => api.post('/services/queue/tickets/{id}/done', { path: { id } }),
  noShow: (id: number) => api.post('/services/queue/tickets/{id}/no-show', { path: { id } }),
  requeue: (id: number) => api.post('/services/queue/tickets/{id}/requeue', { path: { id } }),
  transfer: (id: number, windowId: number) => api.post('/services/queue/tickets/{id}/transfer', { path: { id }, body: { windowId } }),
  waits: (query: ApiQuery<'/services/queue/waits', 'get'>, signal?: AbortSignal) => api.get('/services/queue/waits', { query, signal }),
  display: (centerId: number, signal?: AbortSignal) => api.get('/services/display/{centerId}', { path: { centerId }, signal }),
  displayStreamUrl: (centerId: number) => api.url('/services/display/{centerId}/stream', { path: { centerId } }),
};

export const ratingsApi = {
  rate: (body: RateInput) => api.post('/services/ratings', { body }),
  list: (query: RatingQuery, signal?: AbortSignal) => api.get('/services/ratings', { query, signal }),
  answer: (id: number, answer: string) => api.post('/services/ratings/{id}/answer', { path: { id }, body: { answer } }),
};

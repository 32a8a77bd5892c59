import { api } from './index';
import type { ApiBody, ApiQuery, ApiResponse } from './client';
import { valuesOf } from './values';

/**
 * Points 积分 and the charity store 爱心超市 (server/src/modules/points): my balance and postings, the store of my
 * community and my redemptions; for staff: goods and stock, stocktaking, redemptions and handover, point rules, a
 * volunteer's ledger and award/deduct.
 */
export type Ledger = ApiResponse<'/points/me', 'get'>;
export type Posting = Ledger['items'][number];
export type PostingKind = Posting['kind'];
export type RuleView = ApiResponse<'/points/rules', 'get'>;
export type RuleInput = ApiBody<'/points/rules', 'put'>;
export type Goods = ApiResponse<'/store/goods/{id}', 'patch'>;
export type GoodsInput = ApiBody<'/store/goods', 'post'>;
export type GoodsPatch = ApiBody<'/store/goods/{id}', 'patch'>;
export type Movements = ApiResponse<'/store/goods/{id}/movements', 'get'>;
export type Movement = Movements['items'][number];
export type StocktakeResult = ApiResponse<'/store/goods/{id}/stocktake', 'post'>;
export type Redemption = ApiResponse<'/store/handover', 'post'>;
export type RedemptionStatus = Redemption['status'];
export type RedemptionQuery = ApiQuery<'/store/redemptions', 'get'>;

export const POSTING_KINDS = valuesOf<PostingKind>()(['service', 'redemption', 'refund', 'expiry', 'adjustment']);
export const REDEMPTION_STATUSES = valuesOf<RedemptionStatus>()(['open', 'handed_over', 'cancelled']);

export const pointsApi = {
  me: (signal?: AbortSignal) => api.get('/points/me', { query: { limit: 100 }, signal }),
  volunteer: (id: number) => api.get('/points/volunteers/{id}', { path: { id }, query: { limit: 100 } }),
  adjust: (id: number, body: ApiBody<'/points/volunteers/{id}/adjustments', 'post'>) => api.post('/points/volunteers/{id}/adjustments', { path: { id }, body }),
  rule: (nodeId: number) => api.get('/points/rules', { query: { nodeId } }),
  setRule: (body: RuleInput) => api.put('/points/rules', { body }),
  deleteRule: (nodeId: number) => api.delete('/points/rules', { query: { nodeId } }),
};

export const storeApi = {
  goods: (nodeId: number) => api.get('/store/goods', { query: { nodeId } }),
  createGoods: (body: GoodsInput) => api.post('/store/goods', { body }),
  updateGoods: (id: number, body: GoodsPatch) => api.patch('/store/goods/{id}', { path: { id }, body }),
  receive: (id: number, quantity: number, reason?: string) => api.post('/store/goods/{id}/receipts', { path: { id }, body: reason ? { quantity, reason } : { quantity } }),
  stocktake: (id: number, counted: number, reason: string) => api.post('/store/goods/{id}/stocktake', { path: { id }, body: { counted, reason } }),
  movements: (id: number) => api.get('/store/goods/{id}/movements', { path: { id }, query: { limit: 100 } }),
  redemptions: (query: RedemptionQuery) => api.get('/store/redemptions', { query }),
  handOver: (code: string) => api.post('/store/handover', { body: { code } }),
  cancel: (id: number, reason: string) => api.post('/store/redemptions/{id}/cancel', { path: { id }, body: { reason } }),
  myGoods: (signal?: AbortSignal) => api.get('/store/mine/goods', { signal }),
  redeem: (goodsId: number, quantity = 1) => api.post('/store/mine/redemptions', { body: { goodsId, quantity } }),
  myRedemptions: (signal?: AbortSignal) => api.get('/store/mine/redemptions', { query: { limit: 100 }, signal }),
  cancelMine: (id: number) => api.post('/store/mine/redemptions/{id}/cancel', { path: { id } }),
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { IdParams } from '../../platform/schema.js';
import { registerPointJobs } from './awards.job.js';
import * as points from './points.service.js';
import {
  AdjustBody,
  CancelBody,
  GoodsBody,
  GoodsList,
  GoodsPatch,
  GoodsView,
  HandOverBody,
  LedgerView,
  MovementList,
  NodeQuery,
  PageQuery,
  ReceiptBody,
  RedeemBody,
  RedemptionList,
  RedemptionQuery,
  RedemptionView,
  RuleBody,
  RuleView,
  StocktakeBody,
  StocktakeResult,
} from './points.schema.js';
import * as rules from './rules.service.js';
import * as store from './store.service.js';

/**
 * Points 积分 under /api/v1/points and the charity store 爱心超市 under /api/v1/store (docs/adr/0024). The plugin
 * registers the award and expiry jobs and who may see goods photos.
 */
export const pointsRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['points'];
  registerPointJobs(ctx);
  store.registerGoodsFiles();

  app.get(
    '/points/rules',
    { schema: { tags, summary: 'The point rule in force at a node (nearest up the tree) and the node’s own', querystring: NodeQuery, response: { 200: RuleView } }, preHandler: app.requireUser },
    async (request) => rules.getRule(ctx, principalOf(request), request.query.nodeId),
  );
  app.put(
    '/points/rules',
    { schema: { tags, summary: 'Set a node’s point rule (volunteers.configure)', body: RuleBody, response: { 200: RuleView } }, preHandler: app.requireUser },
    async (request) => rules.setRule(ctx, principalOf(request), actorOf(request), request.body),
  );
  app.delete(
    '/points/rules',
    { schema: { tags, summary: 'Remove a node’s own rule (the one above applies again)', querystring: NodeQuery, response: { 200: RuleView } }, preHandler: app.requireUser },
    async (request) => rules.deleteRule(ctx, principalOf(request), actorOf(request), request.query.nodeId),
  );

  app.get(
    '/points/me',
    { schema: { tags, summary: 'My balance and my postings, newest first', querystring: PageQuery, response: { 200: LedgerView } }, preHandler: app.requireUser },
    async (request) => points.myPoints(ctx, principalOf(request), request.query.limit ?? 50, request.query.offset ?? 0),
  );
  app.get(
    '/points/volunteers/:id',
    { schema: { tags, summary: 'A volunteer’s balance and postings', params: IdParams, querystring: PageQuery, response: { 200: LedgerView } }, preHandler: app.requireUser },
    async (request) => points.volunteerLedger(ctx, principalOf(request), request.params.id, request.query.limit ?? 50, request.query.offset ?? 0),
  );
  app.post(
    '/points/volunteers/:id/adjustments',
    { schema: { tags, summary: 'Award or deduct points with a reason (points.manage, audited)', params: IdParams, body: AdjustBody, response: { 201: LedgerView } }, preHandler: app.requireUser },
    async (request, reply) => reply.status(201).send(await points.adjust(ctx, principalOf(request), actorOf(request), request.params.id, request.body)),
  );

  const storeTags = ['store'];
  app.get(
    '/store/goods',
    { schema: { tags: storeTags, summary: 'Goods of the store at a node', querystring: NodeQuery, response: { 200: GoodsList } }, preHandler: app.requireUser },
    async (request) => ({ items: await store.listGoods(ctx, principalOf(request), request.query.nodeId) }),
  );
  app.post(
    '/store/goods',
    { schema: { tags: storeTags, summary: 'Add goods to a node’s store', body: GoodsBody, response: { 201: GoodsView } }, preHandler: app.requireUser },
    async (request, reply) => reply.status(201).send(await store.createGoods(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch(
    '/store/goods/:id',
    { schema: { tags: storeTags, summary: 'Change goods: name, photo, price, monthly limit, on or off the shelf', params: IdParams, body: GoodsPatch, response: { 200: GoodsView } }, preHandler: app.requireUser },
    async (request) => store.updateGoods(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/store/goods/:id/receipts',
    { schema: { tags: storeTags, summary: 'Goods received (入库)', params: IdParams, body: ReceiptBody, response: { 200: GoodsView } }, preHandler: app.requireUser },
    async (request) => store.receiveStock(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/store/goods/:id/stocktake',
    { schema: { tags: storeTags, summary: 'Stocktake (盘点): the count against the stock ledger, the difference posted', params: IdParams, body: StocktakeBody, response: { 200: StocktakeResult } }, preHandler: app.requireUser },
    async (request) => store.stocktake(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/store/goods/:id/movements',
    { schema: { tags: storeTags, summary: 'The stock ledger of goods, newest first', params: IdParams, querystring: PageQuery, response: { 200: MovementList } }, preHandler: app.requireUser },
    async (request) => store.listMovements(ctx, principalOf(request), request.params.id, request.query.limit ?? 50, request.query.offset ?? 0),
  );
  app.get(
    '/store/redemptions',
    { schema: { tags: storeTags, summary: 'Redemptions at the stores in the caller’s reach', querystring: RedemptionQuery, response: { 200: RedemptionList } }, preHandler: app.requireUser },
    async (request) => store.listRedemptions(ctx, principalOf(request), { ...request.query, limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  );
  app.post(
    '/store/handover',
    { schema: { tags: storeTags, summary: 'Hand goods over by the pickup code', body: HandOverBody, response: { 200: RedemptionView } }, preHandler: app.requireUser },
    // No rate limit: staff hand over dozens on a distribution day; a code only works in their own stores.
    async (request) => store.handOver(ctx, principalOf(request), actorOf(request), request.body.code),
  );
  app.post(
    '/store/redemptions/:id/cancel',
    { schema: { tags: storeTags, summary: 'Cancel an unclaimed redemption (points and stock refunded)', params: IdParams, body: CancelBody, response: { 200: RedemptionView } }, preHandler: app.requireUser },
    async (request) => store.cancelByStaff(ctx, principalOf(request), actorOf(request), request.params.id, request.body.reason),
  );

  app.get(
    '/store/mine/goods',
    { schema: { tags: storeTags, summary: 'Goods on the shelf of my community’s store', response: { 200: GoodsList } }, preHandler: app.requireUser },
    async (request) => ({ items: await store.myGoods(ctx, principalOf(request)) }),
  );
  app.post(
    '/store/mine/redemptions',
    { schema: { tags: storeTags, summary: 'Redeem goods with my points; answers the pickup code', body: RedeemBody, response: { 201: RedemptionView } }, config: { rateLimit: 'intake' }, preHandler: app.requireUser },
    async (request, reply) => reply.status(201).send(await store.redeem(ctx, principalOf(request), { goodsId: request.body.goodsId, quantity: request.body.quantity ?? 1 })),
  );
  app.get(
    '/store/mine/redemptions',
    { schema: { tags: storeTags, summary: 'My redemptions with their pickup codes', querystring: PageQuery, response: { 200: RedemptionList } }, preHandler: app.requireUser },
    async (request) => store.myRedemptions(ctx, principalOf(request), request.query.limit ?? 50, request.query.offset ?? 0),
  );
  app.post(
    '/store/mine/redemptions/:id/cancel',
    { schema: { tags: storeTags, summary: 'Cancel my unclaimed redemption', params: IdParams, response: { 200: RedemptionView } }, preHandler: app.requireUser },
    async (request) => store.cancelMine(ctx, principalOf(request), request.params.id),
  );
};

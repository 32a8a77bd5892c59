import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { IdParams } from '../../platform/schema.js';
import { registerWishDeadlineJob } from './deadline.job.js';
import { ClaimBody, ConfirmBody, FulfilBody, PostBody, RejectBody, StatsQuery, TrackList, TrackQuery, VerifyBody, WallQuery, WishDetail, WishList, WishStats } from './wishes.schema.js';
import * as wishes from './wishes.service.js';

/** 微心愿 under /api/v1/wishes: the wall, posting, verification, claims, fulfilment, tracking and counts. */
export const wishesRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['wishes'];
  wishes.registerWishFiles();
  registerWishDeadlineJob(ctx);
  const auth = { preHandler: app.requireUser };

  app.get('/wishes', { schema: { tags, summary: 'The wish wall: public cards (public name, wish, community, deadline)', querystring: WallQuery, response: { 200: WishList } }, ...auth }, async (request) =>
    wishes.wall(ctx, principalOf(request), request.query),
  );
  app.get('/wishes/mine', { schema: { tags, summary: 'Wishes I posted, that are for me, or that I claimed', response: { 200: WishList } }, ...auth }, async (request) =>
    wishes.mine(ctx, principalOf(request)),
  );
  app.get('/wishes/tracking', { schema: { tags, summary: 'Staff tracking of every wish in reach (wishes.manage or wishes.intake)', querystring: TrackQuery, response: { 200: TrackList } }, ...auth }, async (request) =>
    wishes.track(ctx, principalOf(request), request.query),
  );
  app.get('/wishes/stats', { schema: { tags, summary: 'Counts per community under a node: posted, published, claimed, realised, returned', querystring: StatsQuery, response: { 200: WishStats } }, ...auth }, async (request) =>
    wishes.stats(ctx, principalOf(request), request.query),
  );
  app.post(
    '/wishes',
    { schema: { tags, summary: 'Post a wish, for myself or for a registry person (wishes.intake)', body: PostBody, response: { 201: WishDetail } }, config: { rateLimit: 'intake' }, ...auth },
    async (request, reply) => reply.status(201).send(await wishes.postWish(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get('/wishes/:id', { schema: { tags, summary: 'A wish: card, claims, timeline, photos (private part for staff and the resident)', params: IdParams, response: { 200: WishDetail } }, ...auth }, async (request) =>
    wishes.getWish(ctx, principalOf(request), request.params.id),
  );
  app.post('/wishes/:id/verify', { schema: { tags, summary: 'Verify (home visit or phone) and publish a wish (wishes.manage)', params: IdParams, body: VerifyBody, response: { 200: WishDetail } }, ...auth }, async (request) =>
    wishes.verifyWish(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post('/wishes/:id/reject', { schema: { tags, summary: 'Reject a wish with a reason (wishes.manage)', params: IdParams, body: RejectBody, response: { 200: WishDetail } }, ...auth }, async (request) =>
    wishes.rejectWish(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post('/wishes/:id/claim', { schema: { tags, summary: 'Claim a wish or some of its shares, as a party member, volunteer, team or unit', params: IdParams, body: ClaimBody, response: { 200: WishDetail } }, ...auth }, async (request) =>
    wishes.claimWish(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post('/wishes/:id/fulfil', { schema: { tags, summary: 'Mark a claimed wish fulfilled, with photos (a claimant)', params: IdParams, body: FulfilBody, response: { 200: WishDetail } }, ...auth }, async (request) =>
    wishes.fulfilWish(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post('/wishes/:id/confirm', { schema: { tags, summary: 'Confirm a fulfilled wish: realised (the resident or their grid worker)', params: IdParams, body: ConfirmBody, response: { 200: WishDetail } }, ...auth }, async (request) =>
    wishes.confirmWish(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
};

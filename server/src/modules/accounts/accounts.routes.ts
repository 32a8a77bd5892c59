import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/audit.js';
import { principalOf, SESSION_COOKIE } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { IdParams } from '../../platform/schema.js';
import * as s from './accounts.schema.js';
import * as confirm from './confirm.service.js';
import * as corrections from './corrections.service.js';
import * as household from './household.service.js';
import * as joining from './join.service.js';
import * as otp from './otp.service.js';

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
const NO_CONTENT = { 204: { type: 'null', description: 'Done' } } as const;

export const accountsRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  otp.registerOtpJobs(ctx);

  // ---- sign up / sign in with a code (anonymous)
  app.post(
    '/auth/otp/send',
    {
      schema: {
        tags: ['auth'],
        summary: 'Send a six-digit sign-in code by SMS; the same answer for every number',
        body: s.SendCodeBody,
        response: { 200: s.SendCodeReply },
        security: [],
      },
      config: { rateLimit: 'otp' },
    },
    async (request) => ({ sent: true as const, ...(await otp.sendCode(ctx, request.body.mobile)) }),
  );

  app.post(
    '/auth/otp/verify',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in (or sign up) with the code: residents only; staff accounts use their password',
        body: s.VerifyCodeBody,
        response: { 200: s.VerifyCodeReply },
        security: [],
      },
      config: { rateLimit: 'signin' },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await otp.verifyCode(ctx, actorOf(request), b.mobile, b.code, b.displayName);
      reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: ctx.config.secureCookies || request.protocol === 'https',
        expires: result.expiresAt,
      });
      return { ...result, expiresAt: result.expiresAt.toISOString() };
    },
  );

  // ---- joining a community (any signed-in account)
  app.get(
    '/join/communities',
    {
      schema: { tags: ['accounts'], summary: 'Communities one can join (with buildings), with their town', querystring: s.CommunitiesQuery, response: { 200: s.CommunitiesReply } },
      preHandler: app.requireUser,
    },
    async (request) => ({ items: await joining.listCommunities(ctx, request.query.q) }),
  );

  app.get(
    '/join/places/:id',
    {
      schema: { tags: ['accounts'], summary: "A community's buildings or a building's units (names only), to join", params: IdParams, response: { 200: s.PlacesReply } },
      preHandler: app.requireUser,
    },
    async (request) => ({ items: await joining.listPlaces(ctx, request.params.id) }),
  );

  app.get(
    '/join/codes/:code',
    {
      schema: { tags: ['accounts'], summary: 'The community behind a join QR code', params: s.JoinCodeParams, response: { 200: s.JoinCodeInfo } },
      preHandler: app.requireUser,
    },
    async (request) => joining.resolveJoinCode(ctx, request.params.code),
  );

  app.post(
    '/me/residence',
    {
      schema: { tags: ['accounts'], summary: 'Join a community (or move): become a resident at a unit, building or community', body: s.JoinBody, response: { 200: s.JoinReply } },
      preHandler: app.requireUser,
    },
    async (request) => joining.join(ctx, principalOf(request), actorOf(request), request.body),
  );

  app.delete(
    '/me/residence',
    { schema: { tags: ['accounts'], summary: 'Leave the community: the resident role ends', response: NO_CONTENT }, preHandler: app.requireUser },
    async (request, reply) => {
      await joining.leave(ctx, principalOf(request), actorOf(request));
      return reply.status(204).send(null);
    },
  );

  // ---- my household and my record
  app.get(
    '/me/household',
    { schema: { tags: ['accounts'], summary: 'My household, my record (masked) and who is on duty for my place', response: { 200: s.MyHouseholdReply } }, preHandler: app.requireUser },
    async (request) => household.myHousehold(ctx, principalOf(request)),
  );

  app.get(
    '/me/person/full',
    { schema: { tags: ['accounts'], summary: 'My own registry record in full (audited)', response: { 200: s.MyPersonFull } }, preHandler: app.requireUser },
    async (request) => household.myPersonFull(ctx, principalOf(request), actorOf(request)),
  );

  app.get(
    '/me/corrections',
    { schema: { tags: ['accounts'], summary: 'My correction requests', response: { 200: s.CorrectionList } }, preHandler: app.requireUser },
    async (request) => corrections.listMine(ctx, principalOf(request)),
  );

  app.post(
    '/me/corrections',
    {
      schema: { tags: ['accounts'], summary: 'Ask staff to correct fields of my registry record', body: s.CorrectionBody, response: { 200: s.Correction } },
      preHandler: app.requireUser,
      config: { rateLimit: 'intake' },
    },
    async (request) => corrections.submit(ctx, principalOf(request), actorOf(request), request.body.fields, request.body.reason),
  );

  // ---- staff
  app.get(
    '/communities/:communityId/join-code',
    {
      schema: { tags: ['accounts'], summary: "The community's join code for its QR poster (made on first ask)", params: s.CommunityParams, response: { 200: s.StaffJoinCode } },
      preHandler: app.requireUser,
    },
    async (request) => joining.joinCode(ctx, principalOf(request), actorOf(request), request.params.communityId, false, originOf(request)),
  );

  app.post(
    '/communities/:communityId/join-code/renew',
    {
      schema: { tags: ['accounts'], summary: 'Replace the join code: printed posters stop working', params: s.CommunityParams, response: { 200: s.StaffJoinCode } },
      preHandler: app.requireUser,
    },
    async (request) => joining.joinCode(ctx, principalOf(request), actorOf(request), request.params.communityId, true, originOf(request)),
  );

  app.get(
    '/accounts/unconfirmed',
    {
      schema: { tags: ['accounts'], summary: 'Residents who joined and are not linked to a registry record, with candidates', querystring: s.UnconfirmedQuery, response: { 200: s.UnconfirmedList } },
      preHandler: app.requireUser,
    },
    async (request) => confirm.listUnconfirmed(ctx, principalOf(request), request.query),
  );

  app.put(
    '/accounts/:userId/person',
    {
      schema: { tags: ['accounts'], summary: 'Confirm: link the account to a registry person', params: s.UserParams, body: s.LinkBody, response: { 200: s.LinkReply } },
      preHandler: app.requireUser,
    },
    async (request) => confirm.link(ctx, principalOf(request), actorOf(request), request.params.userId, request.body.personId),
  );

  app.delete(
    '/accounts/:userId/person',
    {
      schema: { tags: ['accounts'], summary: 'Unlink the account from its registry person', params: s.UserParams, response: { 200: s.LinkReply } },
      preHandler: app.requireUser,
    },
    async (request) => confirm.unlink(ctx, principalOf(request), actorOf(request), request.params.userId),
  );

  app.get(
    '/person-corrections',
    {
      schema: { tags: ['accounts'], summary: 'Correction requests of residents within my registry reach', querystring: s.CorrectionsQuery, response: { 200: s.CorrectionList } },
      preHandler: app.requireUser,
    },
    async (request) => corrections.listForStaff(ctx, principalOf(request), request.query),
  );

  app.post(
    '/person-corrections/:id/decision',
    {
      schema: { tags: ['accounts'], summary: 'Approve (applied at once) or reject a correction request', params: IdParams, body: s.DecisionBody, response: { 200: s.Correction } },
      preHandler: app.requireUser,
    },
    async (request) => corrections.decide(ctx, principalOf(request), actorOf(request), request.params.id, request.body.decision, request.body.note),
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { IdParams } from '../../platform/schema.js';
import { Readable } from 'node:stream';
import { sendXlsx } from '../requests/ledger/routes.js';
import {
  CardQuery,
  Cards,
  CommunityQuery,
  DecideBody,
  LogBody,
  LogList,
  LogsQuery,
  Me,
  Member,
  MemberList,
  MembersQuery,
  Pairing,
  PairingBody,
  PairingList,
  Post,
  PostBody,
  PostPatch,
  PostList,
  ReportBody,
  ServiceLog,
  XlsxFile,
} from './party.schema.js';
import * as party from './party.service.js';

/** 在职党员双报到 under /api/v1/party: reporting, confirmation, pairings, posts, service logs and service cards. */
export const partyRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['party'];
  const auth = { preHandler: app.requireUser };

  app.post('/party/report', { schema: { tags, summary: 'Report as an in-service party member to the community I live in', body: ReportBody, response: { 201: Member } }, ...auth }, async (request, reply) =>
    reply.status(201).send(await party.report(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get('/party/me', { schema: { tags, summary: 'My report, the posts of my community and my service log', response: { 200: Me } }, ...auth }, async (request) => party.me(ctx, principalOf(request)));
  app.get('/party/members', { schema: { tags, summary: 'Reported members in reach (party.manage)', querystring: MembersQuery, response: { 200: MemberList } }, ...auth }, async (request) =>
    party.listMembers(ctx, principalOf(request), request.query),
  );
  app.post('/party/members/:id/confirm', { schema: { tags, summary: 'Confirm a report (links the member’s volunteer record when there is one)', params: IdParams, body: DecideBody, response: { 200: Member } }, ...auth }, async (request) =>
    party.decideMember(ctx, principalOf(request), actorOf(request), request.params.id, 'confirmed', request.body),
  );
  app.post('/party/members/:id/reject', { schema: { tags, summary: 'Reject a report with a reason', params: IdParams, body: DecideBody, response: { 200: Member } }, ...auth }, async (request) =>
    party.decideMember(ctx, principalOf(request), actorOf(request), request.params.id, 'rejected', request.body),
  );
  app.get('/party/pairings', { schema: { tags, summary: 'Units paired with a community', querystring: CommunityQuery, response: { 200: PairingList } }, ...auth }, async (request) =>
    party.listPairings(ctx, principalOf(request), request.query.communityId),
  );
  app.post('/party/pairings', { schema: { tags, summary: 'Pair a unit with a community', body: PairingBody, response: { 201: Pairing } }, ...auth }, async (request, reply) =>
    reply.status(201).send(await party.addPairing(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get('/party/posts', { schema: { tags, summary: 'Service posts of a community (staff: all; a confirmed member: the open ones)', querystring: CommunityQuery, response: { 200: PostList } }, ...auth }, async (request) =>
    party.listPosts(ctx, principalOf(request), request.query.communityId),
  );
  app.post('/party/posts', { schema: { tags, summary: 'Publish a service post (岗位)', body: PostBody, response: { 201: Post } }, ...auth }, async (request, reply) =>
    reply.status(201).send(await party.addPost(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch('/party/posts/:id', { schema: { tags, summary: 'Edit a service post, close it or open it again (party.manage)', params: IdParams, body: PostPatch, response: { 200: Post } }, ...auth }, async (request) =>
    party.updatePost(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post('/party/posts/:id/claim', { schema: { tags, summary: 'Take a service post (a confirmed member of its community)', params: IdParams, response: { 200: Post } }, ...auth }, async (request) =>
    party.claimPost(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.post('/party/logs', { schema: { tags, summary: 'Log service on a post I hold', body: LogBody, response: { 201: ServiceLog } }, ...auth }, async (request, reply) =>
    reply.status(201).send(await party.logService(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get('/party/logs', { schema: { tags, summary: 'Service logged in a community', querystring: LogsQuery, response: { 200: LogList } }, ...auth }, async (request) =>
    party.listLogs(ctx, principalOf(request), request.query),
  );
  app.post('/party/logs/:id/confirm', { schema: { tags, summary: 'Confirm logged service', params: IdParams, body: DecideBody, response: { 200: ServiceLog } }, ...auth }, async (request) =>
    party.decideLog(ctx, principalOf(request), actorOf(request), request.params.id, 'confirmed', request.body),
  );
  app.post('/party/logs/:id/reject', { schema: { tags, summary: 'Reject logged service with a reason', params: IdParams, body: DecideBody, response: { 200: ServiceLog } }, ...auth }, async (request) =>
    party.decideLog(ctx, principalOf(request), actorOf(request), request.params.id, 'rejected', request.body),
  );
  app.get('/party/cards', { schema: { tags, summary: 'Service cards per member for a quarter or a year: hours, activities, wishes', querystring: CardQuery, response: { 200: Cards } }, ...auth }, async (request) =>
    party.serviceCards(ctx, principalOf(request), request.query),
  );
  app.get(
    '/party/cards/export',
    { schema: { tags, summary: 'The service cards as .xlsx for employers (audited)', querystring: CardQuery, produces: Object.keys(XlsxFile.content), response: { 200: XlsxFile } }, ...auth },
    async (request, reply) => {
      const file = await party.serviceCardsXlsx(ctx, principalOf(request), actorOf(request), request.query);
      return sendXlsx(reply, { stream: Readable.from([file.buffer]), size: file.buffer.length, fileName: file.fileName });
    },
  );
};

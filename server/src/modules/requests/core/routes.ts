import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/audit.js';
import { principalOf } from '../../../platform/auth.js';
import { registerFileReader } from '../../../platform/attachments.js';
import type { ModuleOptions } from '../../../platform/context.js';
import { seedDefaultCategories } from './categories.js';
import { requestConfigRoutes } from '../config/routes.js';
import { followUp } from '../followup/service.js';
import { registerRecomputeJob } from '../deadlines/recompute.js';
import { registerRequestJobs } from '../deadlines/jobs.js';
import * as read from './read.js';
import {
  ContactBody,
  ContactReply,
  FollowUpBody,
  IdParams,
  ListQuery,
  NoteBody,
  ReasonBody,
  RequestDetail,
  RequestList,
  SelfResolveBody,
  SubmitBody,
} from './schema.js';
import { selfResolveRequest } from '../intake/selfResolve.js';
import { submitFromPage } from '../intake/service.js';
import { requestStaffRoutes } from '../workflow/routes.js';
import * as steps from '../workflow/steps.js';

const tags = ['requests'];

/**
 * Requests 接诉即办 under /api/v1/requests. This file: what residents and handlers (grid workers, unit handlers)
 * use; requests/workflow/routes.ts: dispatchers' steps, boards and rates; requests/config/routes.ts: categories and
 * time limits. The plugin also seeds the default categories and registers the background jobs.
 */
export const requestRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  registerFileReader('request', read.maySeeRequestFiles);
  registerRequestJobs(ctx);
  registerRecomputeJob(ctx);
  app.addHook('onReady', async () => {
    await seedDefaultCategories(ctx.db);
  });
  await app.register(requestConfigRoutes, { ctx });
  await app.register(requestStaffRoutes, { ctx });

  app.post(
    '/requests',
    {
      schema: {
        tags,
        summary: 'Report a problem or need (any channel a person may use)',
        body: SubmitBody,
        response: { 201: RequestDetail },
      },
      config: { rateLimit: 'intake' },
      preHandler: app.requireUser,
    },
    async (request, reply) => reply.status(201).send(await submitFromPage(ctx, principalOf(request), actorOf(request), request.body)),
  );

  app.post(
    '/requests/self-resolved',
    {
      schema: {
        tags,
        summary: '自办自结: file a small thing already fixed on the spot, with photo evidence',
        body: SelfResolveBody,
        response: { 201: RequestDetail },
      },
      config: { rateLimit: 'intake' },
      preHandler: app.requireUser,
    },
    async (request, reply) => reply.status(201).send(await selfResolveRequest(ctx, principalOf(request), actorOf(request), request.body)),
  );

  app.get(
    '/requests/mine',
    {
      schema: { tags, summary: 'Requests I reported or filed', querystring: ListQuery, response: { 200: RequestList } },
      preHandler: app.requireUser,
    },
    async (request) => read.listMine(ctx, principalOf(request), request.query),
  );

  app.get(
    '/requests/tasks',
    {
      schema: {
        tags,
        summary: 'My tasks: dispatched to me, or to my unit and not yet taken (default: dispatched and in progress)',
        querystring: ListQuery,
        response: { 200: RequestList },
      },
      preHandler: app.requireUser,
    },
    async (request) => read.listTasks(ctx, principalOf(request), request.query),
  );

  app.get(
    '/requests/:id',
    {
      schema: { tags, summary: 'One request with its timeline and allowed actions', params: IdParams, response: { 200: RequestDetail } },
      preHandler: app.requireUser,
    },
    async (request) => read.getRequest(ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/requests/:id/contact',
    {
      schema: {
        tags,
        summary: 'The reporter’s full name and phone (personal.view_full, or the handler); audited with the reason',
        params: IdParams,
        body: ContactBody,
        response: { 200: ContactReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => read.viewContact(ctx, principalOf(request), actorOf(request), request.params.id, request.body.reason),
  );

  app.post(
    '/requests/:id/take',
    {
      schema: { tags, summary: '接单: take dispatched work', params: IdParams, body: NoteBody, response: { 200: RequestDetail } },
      preHandler: app.requireUser,
    },
    async (request) => steps.take(ctx, principalOf(request), actorOf(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/requests/:id/progress',
    {
      schema: {
        tags,
        summary: 'Record handling progress, with photos',
        params: IdParams,
        body: NoteBody,
        response: { 200: RequestDetail },
      },
      preHandler: app.requireUser,
    },
    async (request) => steps.progress(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/requests/:id/resolve',
    {
      schema: {
        tags,
        summary: '办结: resolved, with a note and photos',
        params: IdParams,
        body: NoteBody,
        response: { 200: RequestDetail },
      },
      preHandler: app.requireUser,
    },
    async (request) => steps.resolve(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/requests/:id/return',
    {
      schema: {
        tags,
        summary: '回退: hand back to the dispatcher with a reason',
        params: IdParams,
        body: ReasonBody,
        response: { 200: RequestDetail },
      },
      preHandler: app.requireUser,
    },
    async (request) => steps.returnToDispatcher(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/requests/:id/follow-up',
    {
      schema: {
        tags,
        summary: '回访: the reporter’s answer (or staff recording a call); unsatisfied or not solved reopens',
        params: IdParams,
        body: FollowUpBody,
        response: { 200: RequestDetail },
      },
      preHandler: app.requireUser,
    },
    async (request) => followUp(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
};

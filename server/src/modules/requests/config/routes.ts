import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/audit.js';
import { principalOf } from '../../../platform/auth.js';
import type { ModuleOptions } from '../../../platform/context.js';
import { createCategory, listCategories, updateCategory } from '../core/categories.js';
import {
  CategoriesQuery,
  Category,
  CategoryIdParams,
  CategoryPatchBody,
  CategoryTree,
  CreateCategoryBody,
  PutTimeLimitBody,
  TimeLimit,
  TimeLimitIdParams,
  TimeLimitsQuery,
  TimeLimitsReply,
} from './schema.js';
import { deleteTimeLimit, listTimeLimits, putTimeLimit } from '../deadlines/timeLimits.js';

const tags = ['requests: configuration'];

/** Categories and time limits; changing them needs requests.configure at the node. */
export const requestConfigRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  app.get(
    '/requests/categories',
    {
      schema: {
        tags,
        summary: 'The category tree usable at a node (default: my home node)',
        querystring: CategoriesQuery,
        response: { 200: CategoryTree },
      },
      preHandler: app.requireUser,
    },
    async (request) => listCategories(ctx, principalOf(request), request.query),
  );

  app.post(
    '/requests/categories',
    {
      schema: { tags, summary: 'Add a category for a node’s subtree', body: CreateCategoryBody, response: { 201: Category } },
      preHandler: app.requireUser,
    },
    async (request, reply) => reply.status(201).send(await createCategory(ctx, principalOf(request), actorOf(request), request.body)),
  );

  app.patch(
    '/requests/categories/:id',
    {
      schema: {
        tags,
        summary: 'Rename, re-keyword, reorder or switch off a category',
        params: CategoryIdParams,
        body: CategoryPatchBody,
        response: { 200: Category },
      },
      preHandler: app.requireUser,
    },
    async (request) => updateCategory(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/requests/time-limits',
    {
      schema: {
        tags,
        summary: 'Time limits at a node: defaults, what applies, rows set here and above',
        querystring: TimeLimitsQuery,
        response: { 200: TimeLimitsReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => listTimeLimits(ctx, principalOf(request), request.query.nodeId),
  );

  app.put(
    '/requests/time-limits',
    {
      schema: {
        tags,
        summary: 'Set the limits for a category (or any) and priority at a node; replaces the row set there',
        body: PutTimeLimitBody,
        response: { 200: TimeLimit },
      },
      preHandler: app.requireUser,
    },
    async (request) => putTimeLimit(ctx, principalOf(request), actorOf(request), request.body),
  );

  app.delete(
    '/requests/time-limits/:id',
    {
      schema: {
        tags,
        summary: 'Remove a time-limit row (the level above applies again)',
        params: TimeLimitIdParams,
        response: { 204: { type: 'null', description: 'Removed' } },
      },
      preHandler: app.requireUser,
    },
    async (request, reply) => {
      await deleteTimeLimit(ctx, principalOf(request), actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/audit.js';
import { principalOf } from '../../../platform/auth.js';
import type { ModuleOptions } from '../../../platform/context.js';
import { IdParams } from '../../../platform/schema.js';
import { MeTooReply, NearbyQuery, NearbyReply } from './schema.js';
import { addMeToo, nearby, withdrawMeToo } from './service.js';

const tags = ['requests'];

/** 我也遇到: open problems near the caller, and "me too" on one of them. */
export const meTooRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  app.get(
    '/requests/nearby',
    {
      schema: {
        tags,
        summary: 'Open problems in my community (category, place, status, "me too" count; never who reported)',
        querystring: NearbyQuery,
        response: { 200: NearbyReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => nearby(ctx, principalOf(request), request.query),
  );

  app.post(
    '/requests/:id/me-too',
    {
      schema: {
        tags,
        summary: '我也遇到: say I have the same problem (once per person; not on my own or a closed request)',
        params: IdParams,
        response: { 200: MeTooReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => addMeToo(ctx, principalOf(request), actorOf(request), request.params.id),
  );

  app.delete(
    '/requests/:id/me-too',
    {
      schema: { tags, summary: 'Take back my "me too" while the request is open', params: IdParams, response: { 200: MeTooReply } },
      preHandler: app.requireUser,
    },
    async (request) => withdrawMeToo(ctx, principalOf(request), actorOf(request), request.params.id),
  );
};

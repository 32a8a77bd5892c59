import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/audit.js';
import { principalOf } from '../../../platform/auth.js';
import type { ModuleOptions } from '../../../platform/context.js';
import { IdParams } from '../../../platform/schema.js';
import { HomeDetail, HomeList, HomeListQuery, HomeRequestBody } from './home.schema.js';
import * as home from './home.service.js';

/** Home service 上门办 and 帮办代办 under /api/v1/services/home-requests: each one a request of the requests module. */
export const homeServiceRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['services'];
  const auth = { preHandler: app.requireUser };
  app.post(
    '/services/home-requests',
    {
      schema: { tags, summary: 'Ask for a service item done at home or on someone’s behalf: files a dispatched request tagged with the item', body: HomeRequestBody, response: { 201: HomeDetail } },
      config: { rateLimit: 'intake' },
      ...auth,
    },
    async (request, reply) => reply.status(201).send(await home.requestHomeService(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get(
    '/services/home-requests',
    { schema: { tags, summary: 'Home-service requests: mine, or (services.read) those in my subtree, with status and deadlines', querystring: HomeListQuery, response: { 200: HomeList } }, ...auth },
    async (request) => home.listHomeRequests(ctx, principalOf(request), request.query),
  );
  app.get(
    '/services/home-requests/:id',
    { schema: { tags, summary: 'One home-service request (id = the request id)', params: IdParams, response: { 200: HomeDetail } }, ...auth },
    async (request) => home.homeRequest(ctx, principalOf(request), request.params.id),
  );
};

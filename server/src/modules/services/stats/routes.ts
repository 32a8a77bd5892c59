import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../../platform/auth.js';
import type { ModuleOptions } from '../../../platform/context.js';
import { serviceStats } from './figures.service.js';
import { ServiceStats, ServiceStatsQuery } from './schema.js';

/** Statistics of convenience services under a node (services.read). */
export const serviceStatsRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['services'];
  app.get(
    '/services/stats',
    {
      schema: { tags, summary: 'Visits, waiting times, ratings, appointments kept and no-shows, home service and workshop, by month and child node (services.read)', querystring: ServiceStatsQuery, response: { 200: ServiceStats } },
      preHandler: app.requireUser,
    },
    async (request) => serviceStats(ctx, principalOf(request), request.query),
  );
};

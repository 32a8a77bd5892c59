import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { VolunteerStats, VolunteerStatsQuery } from './stats.schema.js';
import { volunteerStats } from './stats.service.js';

/** Volunteering statistics 志愿服务统计 under /api/v1/volunteer-stats (volunteers.read at the node). */
export const volunteerStatsRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  app.get(
    '/volunteer-stats',
    {
      schema: {
        tags: ['volunteers'],
        summary: 'Volunteers, teams, activities held, volunteers who served and confirmed hours of a node: in total, by month and by child node',
        querystring: VolunteerStatsQuery,
        response: { 200: VolunteerStats },
      },
      preHandler: app.requireUser,
    },
    async (request) => volunteerStats(ctx, principalOf(request), request.query),
  );
};

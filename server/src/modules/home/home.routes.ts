import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { DeskReply, HomeNodeQuery, MineReply, OverviewQuery, OverviewReply } from './home.schema.js';
import { desk, mine, overview } from './home.service.js';

const tags = ['home'];

/** What each kind of user should do now: the console's desk and overview, and the phone home. */
export const homeRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  app.get(
    '/home/desk',
    {
      schema: {
        tags,
        summary: 'Community staff: requests waiting to be accepted and dispatched, overdue, due today; bookings awaiting approval',
        description: 'Needs requests.dispatch over the node (404 out of reach, 403 without it). Each count is the total of the list it links to.',
        querystring: HomeNodeQuery,
        response: { 200: DeskReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => desk(ctx, principalOf(request), request.query.nodeId),
  );

  app.get(
    '/home/overview',
    {
      schema: {
        tags,
        summary: 'Town and district admins: overdue and escalated open requests by community, the three rates this month and last, ranked',
        description: 'Needs requests.read over the node. Every community of the subtree is listed, with or without requests.',
        querystring: OverviewQuery,
        response: { 200: OverviewReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => overview(ctx, principalOf(request), request.query),
  );

  app.get(
    '/home/mine',
    {
      schema: {
        tags,
        summary: 'The phone home: my open requests and coming bookings, my community’s phone and today’s service-hall hours, my tasks',
        response: { 200: MineReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => mine(ctx, principalOf(request)),
  );
};

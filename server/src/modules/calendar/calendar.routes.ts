import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import {
  DaysQuery,
  DaysReply,
  OverrideIdParams,
  OverrideItem,
  OverridesQuery,
  OverridesReply,
  PutOverrideBody,
  WorkingTimeBetweenQuery,
  WorkingTimeBetweenReply,
  WorkingTimeQuery,
  WorkingTimeReply,
} from './calendar.schema.js';
import * as service from './calendar.service.js';
import { nationalCalendarRoutes } from './national.routes.js';

export const calendarRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  await app.register(nationalCalendarRoutes, { ctx });

  app.get(
    '/calendar/days',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Workdays and rest days at a node: official holidays, make-up workdays and local overrides',
        querystring: DaysQuery,
        response: { 200: DaysReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.days(ctx, principalOf(request), request.query),
  );

  app.get(
    '/calendar/overrides',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Local rest days and workdays effective at a node, including those set at its ancestors',
        querystring: OverridesQuery,
        response: { 200: OverridesReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.listOverrides(ctx, principalOf(request), request.query),
  );

  app.put(
    '/calendar/overrides',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Set a local rest day or workday at a node (replaces the one set there for that day)',
        body: PutOverrideBody,
        response: { 200: OverrideItem },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.putOverride(ctx, principalOf(request), actorOf(request), request.body),
  );

  app.delete(
    '/calendar/overrides/:id',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Remove a local rest day or workday',
        params: OverrideIdParams,
        response: { 204: { type: 'null', description: 'Removed' } },
      },
      preHandler: app.requireUser,
    },
    async (request, reply) => {
      await service.deleteOverride(ctx, principalOf(request), actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/calendar/working-time',
    {
      schema: {
        tags: ['calendar'],
        summary: 'The deadline after a number of working minutes from a start instant',
        querystring: WorkingTimeQuery,
        response: { 200: WorkingTimeReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.workingTime(ctx, principalOf(request), request.query),
  );

  app.get(
    '/calendar/working-time-between',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Working minutes between two instants',
        querystring: WorkingTimeBetweenQuery,
        response: { 200: WorkingTimeBetweenReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.workingTimeBetween(ctx, principalOf(request), request.query),
  );
};

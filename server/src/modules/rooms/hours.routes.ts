import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { CenterParams, DateRangeQuery, IdParams, NoContent } from './common.schema.js';
import {
  CenterHoursReply,
  CreateExceptionBody,
  CreateScheduleBody,
  ExceptionParams,
  HoursException,
  PatchScheduleBody,
  PutRulesBody,
  RoomHoursReply,
  Schedule,
  SchedulesReply,
} from './hours.schema.js';
import * as service from './hours.service.js';

/** Opening hours 开放时间: schedules with weekday rules and exceptions, and the hours they give for any date. */
export const hoursRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['rooms'];
  const auth = { preHandler: app.requireUser };

  app.get(
    '/rooms/centers/:centerId/hours',
    {
      schema: {
        tags,
        summary: 'When the service hall, the rooms and each room are open, per date (at most 92 days)',
        params: CenterParams,
        querystring: DateRangeQuery,
        response: { 200: CenterHoursReply },
      },
      ...auth,
    },
    async (request) => service.centerHours(ctx, principalOf(request), request.params.centerId, request.query.from, request.query.to),
  );
  app.get(
    '/rooms/:id/hours',
    {
      schema: { tags, summary: 'When a room is open, per date (at most 92 days)', params: IdParams, querystring: DateRangeQuery, response: { 200: RoomHoursReply } },
      ...auth,
    },
    async (request) => service.roomHours(ctx, principalOf(request), request.params.id, request.query.from, request.query.to),
  );
  app.get(
    '/rooms/centers/:centerId/schedules',
    { schema: { tags, summary: 'The center’s opening-hours schedules with their rules and coming exceptions', params: CenterParams, response: { 200: SchedulesReply } }, ...auth },
    async (request) => service.listSchedules(ctx, principalOf(request), request.params.centerId),
  );
  app.post(
    '/rooms/centers/:centerId/schedules',
    { schema: { tags, summary: 'Add a schedule (the service hall’s, or hours some rooms share)', params: CenterParams, body: CreateScheduleBody, response: { 201: Schedule } }, ...auth },
    async (request, reply) =>
      reply.status(201).send(await service.createSchedule(ctx, principalOf(request), actorOf(request), request.params.centerId, request.body)),
  );
  app.patch(
    '/rooms/schedules/:id',
    { schema: { tags, summary: 'Rename a schedule or change what it does on public holidays', params: IdParams, body: PatchScheduleBody, response: { 200: Schedule } }, ...auth },
    async (request) => service.updateSchedule(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.put(
    '/rooms/schedules/:id/rules',
    { schema: { tags, summary: 'Replace all weekday rules of a schedule', params: IdParams, body: PutRulesBody, response: { 200: Schedule } }, ...auth },
    async (request) => service.putRules(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/rooms/schedules/:id/exceptions',
    {
      schema: { tags, summary: 'Add an exception: closed, open or extended hours for a date or range', params: IdParams, body: CreateExceptionBody, response: { 201: HoursException } },
      ...auth,
    },
    async (request, reply) => reply.status(201).send(await service.addException(ctx, principalOf(request), actorOf(request), request.params.id, request.body)),
  );
  app.delete(
    '/rooms/schedules/:id/exceptions/:exceptionId',
    { schema: { tags, summary: 'Remove an exception', params: ExceptionParams, response: { 204: NoContent } }, ...auth },
    async (request, reply) => {
      await service.deleteException(ctx, principalOf(request), actorOf(request), request.params.id, request.params.exceptionId);
      return reply.status(204).send(null);
    },
  );
};

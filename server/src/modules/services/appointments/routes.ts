import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../../platform/audit.js';
import { principalOf } from '../../../platform/auth.js';
import type { ModuleOptions } from '../../../platform/context.js';
import { Id, IdParams } from '../../../platform/schema.js';
import { registerAppointmentsJob } from './appointments.jobs.js';
import {
  AppointmentItem,
  AppointmentList,
  BookBody,
  CancelBody,
  CenterListQuery,
  CreateWindowBody,
  MineQuery,
  PatchWindowBody,
  RescheduleBody,
  SlotDays,
  SlotsQuery,
  WindowItem,
  WindowList,
  WindowOptions,
  WindowsQuery,
} from './appointments.schema.js';
import * as appts from './appointments.service.js';
import * as booking from './booking.service.js';
import { slotsQuery } from './slots.service.js';
import * as windows from './windows.service.js';

/** Convenience services — windows and appointments 预约办 (issue 13): /services/windows, /services/slots, /services/appointments. */
export const appointmentsRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['services'];
  const auth = { preHandler: app.requireUser };
  registerAppointmentsJob(ctx);

  app.get('/services/windows', { schema: { tags, summary: 'Windows of a center (staff of the center also see inactive ones and who sits there)', querystring: WindowsQuery, response: { 200: WindowList } }, ...auth }, async (request) =>
    windows.listWindows(ctx, principalOf(request), request.query),
  );
  app.get(
    '/services/windows/options',
    {
      schema: {
        tags,
        summary: 'What a window of the center may be given: guide items at or above it and its staff (services.manage)',
        querystring: Type.Object({ centerId: Id() }, { additionalProperties: false }),
        response: { 200: WindowOptions },
      },
      ...auth,
    },
    async (request) => windows.windowOptions(ctx, principalOf(request), request.query.centerId),
  );
  app.get('/services/windows/:id', { schema: { tags, summary: 'A window', params: IdParams, response: { 200: WindowItem } }, ...auth }, async (request) =>
    windows.getWindow(ctx, principalOf(request), request.params.id),
  );
  app.post('/services/windows', { schema: { tags, summary: 'Create a window of a center (services.manage)', body: CreateWindowBody, response: { 201: WindowItem } }, ...auth }, async (request, reply) =>
    reply.status(201).send(await windows.createWindow(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch(
    '/services/windows/:id',
    { schema: { tags, summary: 'Change a window: name, number, items, staff, slot settings (services.manage)', params: IdParams, body: PatchWindowBody, response: { 200: WindowItem } }, ...auth },
    async (request) => windows.updateWindow(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.get('/services/slots', { schema: { tags, summary: 'Appointment slots by day with free seats: of a window, or of a center for an item', querystring: SlotsQuery, response: { 200: SlotDays } }, ...auth }, async (request) =>
    slotsQuery(ctx, principalOf(request), request.query),
  );

  const Booked = Type.Object({ id: Id(), status: Type.Union([Type.Literal('booked'), Type.Literal('waiting')]), number: Type.String(), windowId: Id() });
  app.post(
    '/services/appointments',
    {
      schema: { tags, summary: 'Book a slot for myself, or (services.serve) for a caller; waitlist:true joins the waiting list when full', body: BookBody, response: { 201: Booked } },
      config: { rateLimit: 'intake' },
      ...auth,
    },
    async (request, reply) => reply.status(201).send(await booking.book(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get('/services/appointments/mine', { schema: { tags, summary: 'My appointments', querystring: MineQuery, response: { 200: AppointmentList } }, ...auth }, async (request) =>
    appts.mine(ctx, principalOf(request), request.query),
  );
  app.get('/services/appointments', { schema: { tags, summary: 'Appointments of a center on a day (services.read), masked', querystring: CenterListQuery, response: { 200: AppointmentList } }, ...auth }, async (request) =>
    appts.centerDay(ctx, principalOf(request), request.query),
  );
  app.get('/services/appointments/:id', { schema: { tags, summary: 'An appointment (its owner, or staff of the center)', params: IdParams, response: { 200: AppointmentItem } }, ...auth }, async (request) =>
    appts.detail(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/services/appointments/:id/cancel',
    { schema: { tags, summary: 'Cancel (owner until the cancel notice, staff any time); freed seats go to the waiting list', params: IdParams, body: CancelBody, response: { 200: AppointmentItem } }, ...auth },
    async (request) => {
      await booking.cancel(ctx, principalOf(request), actorOf(request), request.params.id, request.body);
      return appts.detail(ctx, principalOf(request), request.params.id);
    },
  );
  app.post(
    '/services/appointments/:id/reschedule',
    { schema: { tags, summary: 'Move to another slot: cancel + book atomically (409 slot_full changes nothing)', params: IdParams, body: RescheduleBody, response: { 200: AppointmentItem } }, ...auth },
    async (request) => {
      const moved = await booking.reschedule(ctx, principalOf(request), actorOf(request), request.params.id, request.body);
      return appts.detail(ctx, principalOf(request), moved.id);
    },
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import { registerFileReader } from '../../platform/attachments.js';
import type { ModuleOptions } from '../../platform/context.js';
import * as availability from './availability.service.js';
import { CenterAvailabilityReply, RoomAvailability, SuspensionParams, SuspensionsReply } from './bookings.schema.js';
import { bookingRoutes } from './bookings.routes.js';
import { CenterParams, DateRangeQuery, IdParams } from './common.schema.js';
import { hoursRoutes } from './hours.routes.js';
import { registerRoomJobs } from './noShows.js';
import {
  Center,
  CenterSettings,
  CentersQuery,
  CentersReply,
  CreateRoomBody,
  PatchRoomBody,
  PutQuotasBody,
  QrReply,
  QuotasReply,
  Room,
  RoomsQuery,
  RoomsReply,
} from './rooms.schema.js';
import * as service from './rooms.service.js';
import * as suspensions from './suspensions.service.js';
import { teamRoutes } from './teams.routes.js';
import { UtilisationQuery, UtilisationReply } from './utilisation.schema.js';
import * as utilisation from './utilisation.service.js';

/** Where the caller reached us, for the absolute URL inside a room's QR code. */
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** Function rooms 功能室: centers' booking settings, rooms, availability and utilisation; then hours, teams, bookings. */
export const roomsRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  registerRoomJobs(ctx);
  registerFileReader('room', service.maySeeRoomFiles);
  const tags = ['rooms'];
  const auth = { preHandler: app.requireUser };

  app.get(
    '/rooms/centers',
    { schema: { tags, summary: 'Centers whose rooms I may book or manage', querystring: CentersQuery, response: { 200: CentersReply } }, ...auth },
    async (request) => service.listCenters(ctx, principalOf(request), request.query),
  );
  app.get(
    '/rooms/centers/:centerId',
    { schema: { tags, summary: 'A center with its booking settings', params: CenterParams, response: { 200: Center } }, ...auth },
    async (request) => service.getCenter(ctx, principalOf(request), request.params.centerId),
  );
  app.put(
    '/rooms/centers/:centerId/settings',
    {
      schema: { tags, summary: 'Set the center’s booking settings: open to all, no-show suspension', params: CenterParams, body: CenterSettings, response: { 200: Center } },
      ...auth,
    },
    async (request) => service.putSettings(ctx, principalOf(request), actorOf(request), request.params.centerId, request.body),
  );
  app.get(
    '/rooms/centers/:centerId/quotas',
    { schema: { tags, summary: 'Weekly quotas of the center and its rooms', params: CenterParams, response: { 200: QuotasReply } }, ...auth },
    async (request) => service.listQuotas(ctx, principalOf(request), request.params.centerId),
  );
  app.put(
    '/rooms/centers/:centerId/quotas',
    {
      schema: { tags, summary: 'Replace the weekly quotas (per team or per resident; per room or the whole center)', params: CenterParams, body: PutQuotasBody, response: { 200: QuotasReply } },
      ...auth,
    },
    async (request) => service.putQuotas(ctx, principalOf(request), actorOf(request), request.params.centerId, request.body),
  );
  app.get(
    '/rooms/centers/:centerId/availability',
    {
      schema: { tags, summary: 'Hours, held and free time of every room of the center, per day (at most 31 days)', params: CenterParams, querystring: DateRangeQuery, response: { 200: CenterAvailabilityReply } },
      ...auth,
    },
    async (request) => availability.centerAvailability(ctx, principalOf(request), request.params.centerId, request.query.from, request.query.to),
  );
  app.get(
    '/rooms/centers/:centerId/utilisation',
    {
      schema: { tags, summary: 'Utilisation of the center: booked and used hours over open hours, busiest hours, teams', params: CenterParams, querystring: UtilisationQuery, response: { 200: UtilisationReply } },
      ...auth,
    },
    async (request) => utilisation.centerUtilisation(ctx, principalOf(request), request.params.centerId, request.query),
  );

  app.get(
    '/rooms/centers/:centerId/suspensions',
    { schema: { tags, summary: 'Residents and teams whose booking is suspended at the center after no-shows', params: CenterParams, response: { 200: SuspensionsReply } }, ...auth },
    async (request) => suspensions.listSuspensions(ctx, principalOf(request), request.params.centerId),
  );
  app.post(
    '/rooms/centers/:centerId/suspensions/:id/lift',
    { schema: { tags, summary: 'Lift a suspension early', params: SuspensionParams, response: { 200: SuspensionsReply } }, ...auth },
    async (request) => suspensions.liftSuspension(ctx, principalOf(request), actorOf(request), request.params.centerId, request.params.id),
  );

  app.get(
    '/rooms',
    { schema: { tags, summary: 'Rooms I may book or manage', querystring: RoomsQuery, response: { 200: RoomsReply } }, ...auth },
    async (request) => service.listRooms(ctx, principalOf(request), request.query),
  );
  app.post(
    '/rooms',
    { schema: { tags, summary: 'Add a room to a center', body: CreateRoomBody, response: { 201: Room } }, ...auth },
    async (request, reply) => reply.status(201).send(await service.createRoom(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get(
    '/rooms/:id',
    { schema: { tags, summary: 'A room with its rules', params: IdParams, response: { 200: Room } }, ...auth },
    async (request) => service.getRoom(ctx, principalOf(request), request.params.id),
  );
  app.patch(
    '/rooms/:id',
    { schema: { tags, summary: 'Change a room, its rules, or take it out of service', params: IdParams, body: PatchRoomBody, response: { 200: Room } }, ...auth },
    async (request) => service.updateRoom(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/rooms/:id/qr',
    { schema: { tags, summary: 'The room’s check-in QR code (SVG) for its door', params: IdParams, response: { 200: QrReply } }, ...auth },
    async (request) => service.roomQr(ctx, principalOf(request), request.params.id, originOf(request)),
  );
  app.post(
    '/rooms/:id/qr/renew',
    { schema: { tags, summary: 'Replace the room’s check-in code (old printouts stop working)', params: IdParams, response: { 200: QrReply } }, ...auth },
    async (request) => service.renewQr(ctx, principalOf(request), actorOf(request), request.params.id, originOf(request)),
  );
  app.get(
    '/rooms/:id/availability',
    {
      schema: { tags, summary: 'Hours, held and free time of the room, per day (at most 31 days)', params: IdParams, querystring: DateRangeQuery, response: { 200: RoomAvailability } },
      ...auth,
    },
    async (request) => availability.roomAvailability(ctx, principalOf(request), request.params.id, request.query.from, request.query.to),
  );
  app.get(
    '/rooms/:id/utilisation',
    {
      schema: { tags, summary: 'Utilisation of the room: booked and used hours over open hours', params: IdParams, querystring: UtilisationQuery, response: { 200: UtilisationReply } },
      ...auth,
    },
    async (request) => utilisation.roomUtilisation(ctx, principalOf(request), request.params.id, request.query),
  );

  // Same prefix as this plugin: pass the context only.
  await app.register(hoursRoutes, { ctx });
  await app.register(teamRoutes, { ctx });
  await app.register(bookingRoutes, { ctx });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import {
  Booking,
  BookingsReply,
  CancelBody,
  CreateBookingBody,
  CreateSeriesBody,
  DecisionBody,
  JoinWaitlistBody,
  MyBookingsQuery,
  QrCheckinBody,
  QuotaQuery,
  QuotaReply,
  SeriesCancelReply,
  SeriesDetail,
  SeriesReply,
  StaffBookingsQuery,
  WaitlistEntry,
  WaitlistReply,
} from './bookings.schema.js';
import * as service from './bookings.service.js';
import * as checkin from './checkin.service.js';
import { IdParams } from './common.schema.js';
import * as decisions from './decisions.service.js';
import * as series from './series.service.js';
import * as waitlist from './waitlist.service.js';

/** Cancel, approve and reject take an optional note: a POST without a body is read as an empty one. */
const optionalBody = async (request: FastifyRequest) => {
  request.body ??= {};
};

/** Bookings 预约: one-off and weekly, cancel, approve, check in, waitlist, quota status. */
export const bookingRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['bookings'];
  const auth = { preHandler: app.requireUser };
  const noteAuth = { preValidation: optionalBody, preHandler: app.requireUser };

  app.post(
    '/bookings',
    {
      schema: {
        tags,
        summary: 'Book a room (for myself or my team); 409 slot_taken says when the room is free instead',
        body: CreateBookingBody,
        response: { 201: Booking },
      },
      ...auth,
    },
    async (request, reply) => reply.status(201).send(await service.createBooking(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get(
    '/bookings',
    { schema: { tags, summary: 'Staff calendar: bookings of the rooms I manage (at most 62 days)', querystring: StaffBookingsQuery, response: { 200: BookingsReply } }, ...auth },
    async (request) => service.listForStaff(ctx, principalOf(request), request.query),
  );
  app.get(
    '/bookings/mine',
    { schema: { tags, summary: 'My bookings and my teams’ bookings', querystring: MyBookingsQuery, response: { 200: BookingsReply } }, ...auth },
    async (request) => service.listMine(ctx, principalOf(request), request.query),
  );
  app.get(
    '/bookings/quota',
    { schema: { tags, summary: 'How much of the weekly quota I (or my team) have used for a room', querystring: QuotaQuery, response: { 200: QuotaReply } }, ...auth },
    async (request) => service.quotaStatus(ctx, principalOf(request), request.query),
  );
  app.post(
    '/bookings/series',
    {
      schema: {
        tags,
        summary: 'Book a weekly slot until a date; reports dates that cannot be booked (skipConflicts books the rest)',
        body: CreateSeriesBody,
        response: { 200: SeriesReply, 201: SeriesReply },
      },
      ...auth,
    },
    async (request, reply) => {
      const result = await series.createSeries(ctx, principalOf(request), actorOf(request), request.body);
      return reply.status(result.dryRun ? 200 : 201).send(result);
    },
  );
  app.get(
    '/bookings/series/:id',
    { schema: { tags, summary: 'A weekly series and its bookings', params: IdParams, response: { 200: SeriesDetail } }, ...auth },
    async (request) => decisions.seriesDetail(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/bookings/series/:id/cancel',
    { schema: { tags, summary: 'Cancel the future bookings of a series that may still be cancelled', params: IdParams, body: CancelBody, response: { 200: SeriesCancelReply } }, ...noteAuth },
    async (request) => decisions.cancelSeries(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/bookings/checkin',
    { schema: { tags, summary: 'Check in by the code scanned at the room’s door', body: QrCheckinBody, response: { 200: Booking } }, ...auth },
    async (request) => checkin.checkInByQr(ctx, principalOf(request), actorOf(request), request.body.token),
  );
  app.get(
    '/bookings/waitlist',
    { schema: { tags, summary: 'My waitlist entries and my teams’', response: { 200: WaitlistReply } }, ...auth },
    async (request) => waitlist.listMine(ctx, principalOf(request)),
  );
  app.post(
    '/bookings/waitlist',
    { schema: { tags, summary: 'Wait for a taken time; the first in line gets it when it frees up', body: JoinWaitlistBody, response: { 201: WaitlistEntry } }, ...auth },
    async (request, reply) => reply.status(201).send(await waitlist.join(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.post(
    '/bookings/waitlist/:id/leave',
    { schema: { tags, summary: 'Leave the waitlist', params: IdParams, response: { 200: WaitlistEntry } }, ...auth },
    async (request) => waitlist.leave(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.get(
    '/bookings/:id',
    { schema: { tags, summary: 'A booking', params: IdParams, response: { 200: Booking } }, ...auth },
    async (request) => service.getBooking(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/bookings/:id/cancel',
    { schema: { tags, summary: 'Cancel (the booker within the room’s notice; staff any time before it ends)', params: IdParams, body: CancelBody, response: { 200: Booking } }, ...noteAuth },
    async (request) => decisions.cancel(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/bookings/:id/approve',
    { schema: { tags, summary: 'Approve a booking request', params: IdParams, body: DecisionBody, response: { 200: Booking } }, ...noteAuth },
    async (request) => decisions.approve(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/bookings/:id/reject',
    { schema: { tags, summary: 'Reject a booking request (the time goes to the waitlist)', params: IdParams, body: DecisionBody, response: { 200: Booking } }, ...noteAuth },
    async (request) => decisions.reject(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/bookings/:id/checkin',
    { schema: { tags, summary: 'Staff check a booking in', params: IdParams, response: { 200: Booking } }, ...auth },
    async (request) => checkin.checkInByStaff(ctx, principalOf(request), actorOf(request), request.params.id),
  );
};

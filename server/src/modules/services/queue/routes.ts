import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { eq } from 'drizzle-orm';
import { queueTickets } from '../../../db/schema/services.js';
import { actorOf } from '../../../platform/audit.js';
import { principalOf } from '../../../platform/auth.js';
import type { ModuleOptions } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { IdParams } from '../../../platform/schema.js';
import { canAt, publicCenter } from '../common/center.js';
import { checkIn } from './checkin.service.js';
import { callNext, deskAction, deskView, type DeskAction } from './desk.service.js';
import { displaySnapshot, openDisplayStream, type OpenDisplays } from './display.service.js';
import {
  AnswerBody,
  CenterParams,
  CheckInBody,
  DeskQuery,
  DeskReply,
  DisplayReply,
  HeldTicket,
  HeldTicketList,
  KioskBody,
  RateBody,
  Rating,
  RatingList,
  RatingQuery,
  StreamReply,
  TakeBody,
  Ticket,
  TicketQr,
  TokenParams,
  TransferBody,
  WaitsQuery,
  WaitsReply,
  WindowParams,
} from './queue.schema.js';
import { answer, listRatings, rate } from './ratings.service.js';
import { loadTickets, myTickets, presentHeld, presentTicket, takeTicket, ticketByToken, type TicketRow } from './tickets.service.js';
import { waitFigures } from './waits.service.js';

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/**
 * The hall's queue 排队叫号 under /api/v1/services: tickets (kiosk, staff, phone, appointment check-in), the desk,
 * the public display screen with its live stream, the waiting-time figures and the ratings 好差评.
 */
export const queueRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['services-queue'];
  const auth = { preHandler: app.requireUser };
  const openDisplays: OpenDisplays = new Set();
  const closeAll = () => {
    for (const close of [...openDisplays]) close();
  };
  app.addHook('preClose', async () => closeAll());

  const held = async (t: TicketRow) => {
    const [r] = await loadTickets(ctx.db, eq(queueTickets.id, t.id));
    return presentHeld(ctx.db, r!, ctx.clock.now());
  };
  const plain = async (t: TicketRow) => presentTicket((await loadTickets(ctx.db, eq(queueTickets.id, t.id)))[0]!);

  // ─── tickets ───
  app.post(
    '/services/queue/tickets/kiosk',
    { schema: { tags, summary: 'Take a walk-in ticket at the hall’s kiosk (public; only while the hall is open)', body: KioskBody, response: { 201: HeldTicket } }, config: { rateLimit: 'kiosk' } },
    async (request, reply) => {
      const center = await publicCenter(ctx.db, request.body.centerId);
      const t = await takeTicket(ctx, actorOf(request), { center, itemId: request.body.itemId ?? null, source: 'kiosk' });
      return reply.status(201).send(await held(t));
    },
  );
  app.post(
    '/services/queue/tickets',
    {
      schema: { tags, summary: 'Take a ticket: staff for a walk-in (services.serve), or a signed-in resident on the phone at the hall', body: TakeBody, response: { 201: HeldTicket } },
      config: { rateLimit: 'intake' },
      ...auth,
    },
    async (request, reply) => {
      const p = principalOf(request);
      const center = await publicCenter(ctx.db, request.body.centerId);
      const staff = canAt(p, 'services.serve', center.nodePath);
      if (!staff && request.body.windowId != null) throw errors.forbidden();
      const t = await takeTicket(ctx, actorOf(request), {
        center,
        itemId: request.body.itemId ?? null,
        windowId: request.body.windowId ?? null,
        source: staff ? 'staff' : 'phone',
        userId: staff ? null : p.userId,
      });
      return reply.status(201).send(await held(t));
    },
  );
  app.post(
    '/services/queue/check-in',
    { schema: { tags, summary: 'Check an appointment in: at the desk by its number (services.serve) or the resident by its id; creates its Y ticket', body: CheckInBody, response: { 201: HeldTicket } }, ...auth },
    async (request, reply) => reply.status(201).send(await held(await checkIn(ctx, principalOf(request), actorOf(request), request.body))),
  );
  app.get('/services/queue/tickets/mine', { schema: { tags, summary: 'My tickets of the last week, newest first', response: { 200: HeldTicketList } }, ...auth }, async (request) =>
    myTickets(ctx, principalOf(request).userId),
  );
  app.get(
    '/services/queue/tickets/by-token/:token',
    { schema: { tags, summary: 'A ticket by its link (public): number, status, people ahead, estimated wait, rating', params: TokenParams, response: { 200: HeldTicket } } },
    async (request) => ticketByToken(ctx, request.params.token),
  );

  app.get(
    '/services/queue/tickets/by-token/:token/qr',
    { schema: { tags, summary: 'The QR code of a ticket’s phone page (the kiosk shows it)', params: TokenParams, response: { 200: TicketQr } } },
    async (request) => {
      const ticket = await ticketByToken(ctx, request.params.token);
      const url = `${originOf(request)}${ticket.link}`;
      return { url, svg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }) };
    },
  );

  // ─── desk ───
  app.get('/services/queue/desk', { schema: { tags, summary: 'The desk: a center’s queue today, the given window’s first (services.serve)', querystring: DeskQuery, response: { 200: DeskReply } }, ...auth }, async (request) =>
    deskView(ctx, principalOf(request), request.query.centerId, request.query.windowId),
  );
  app.post(
    '/services/queue/windows/:windowId/call-next',
    { schema: { tags, summary: 'Call the next ticket for a window (services.serve); 409 queue_empty when nobody waits', params: WindowParams, response: { 200: Ticket } }, ...auth },
    async (request) => plain(await callNext(ctx, principalOf(request), actorOf(request), request.params.windowId)),
  );
  const steps: [string, DeskAction, string][] = [
    ['recall', 'recall', 'Call a called ticket again'],
    ['serve', 'serve', 'Start serving a called ticket'],
    ['done', 'done', 'Finish a ticket (its appointment becomes served)'],
    ['no-show', 'no_show', 'Skip a called ticket nobody answered (过号)'],
    ['requeue', 'requeue', 'Put a skipped walk-in back at the end of the queue'],
  ];
  for (const [path, action, summary] of steps) {
    app.post(`/services/queue/tickets/:id/${path}`, { schema: { tags, summary: `${summary} (services.serve)`, params: IdParams, response: { 200: Ticket } }, ...auth }, async (request) =>
      plain(await deskAction(ctx, principalOf(request), actorOf(request), request.params.id, action)),
    );
  }
  app.post(
    '/services/queue/tickets/:id/transfer',
    { schema: { tags, summary: 'Send a ticket to another window; it keeps its place (services.serve)', params: IdParams, body: TransferBody, response: { 200: Ticket } }, ...auth },
    async (request) => plain(await deskAction(ctx, principalOf(request), actorOf(request), request.params.id, 'transfer', request.body.windowId)),
  );
  app.get(
    '/services/queue/waits',
    { schema: { tags, summary: 'Waiting and service times per item and per hour of day (services.serve)', querystring: WaitsQuery, response: { 200: WaitsReply } }, ...auth },
    async (request) => waitFigures(ctx, principalOf(request), request.query),
  );

  // ─── display (public) ───
  app.get(
    '/services/display/:centerId',
    { schema: { tags, summary: 'The hall’s screen (public): current calls per window, last calls, waiting counts, kiosk items', params: CenterParams, response: { 200: DisplayReply } } },
    async (request) => displaySnapshot(ctx, request.params.centerId),
  );
  app.get(
    '/services/display/:centerId/stream',
    { schema: { tags, summary: 'The hall’s screen, live (Server-Sent Events, public)', params: CenterParams, produces: ['text/event-stream'], response: { 200: StreamReply } } },
    async (request, reply) => {
      await openDisplayStream(ctx, request.params.centerId, request, reply, openDisplays);
      return reply;
    },
  );

  // ─── ratings ───
  app.post(
    '/services/ratings',
    { schema: { tags, summary: 'Rate a done visit once, by the ticket’s token or signed in with its id; levels 1–2 need a reason', body: RateBody, response: { 201: Rating } }, config: { rateLimit: 'intake' } },
    async (request, reply) => reply.status(201).send(await rate(ctx, request.principal ?? null, actorOf(request), request.body)),
  );
  app.get('/services/ratings', { schema: { tags, summary: 'Ratings in reach (services.serve), unanswered bad ones first', querystring: RatingQuery, response: { 200: RatingList } }, ...auth }, async (request) =>
    listRatings(ctx, principalOf(request), request.query),
  );
  app.post(
    '/services/ratings/:id/answer',
    { schema: { tags, summary: 'Answer a rating once (services.serve); the rater is notified', params: IdParams, body: AnswerBody, response: { 200: Rating } }, ...auth },
    async (request) => answer(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
};

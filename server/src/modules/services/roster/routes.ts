import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../../platform/audit.js';
import { principalOf } from '../../../platform/auth.js';
import type { ModuleOptions } from '../../../platform/context.js';
import { IdParams } from '../../../platform/schema.js';
import { dutyToday, myDutyToday } from './duty.service.js';
import { listGaps, registerRosterGapJob } from './gaps.job.js';
import {
  CenterQuery,
  CenterRangeQuery,
  ColleagueList,
  DecideBody,
  DutyToday,
  DutyTodayList,
  FillBody,
  FillResult,
  GapList,
  RosterView,
  Shift,
  ShiftBody,
  ShiftPatch,
  Swap,
  SwapBody,
  SwapList,
  SwapQuery,
} from './roster.schema.js';
import * as shifts from './shifts.service.js';
import * as swaps from './swaps.service.js';

/** Convenience services — the duty roster 坐班值班 (issue 13): shifts, filling in turn, swaps, gaps, duty today. */
export const rosterRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['services-roster'];
  const auth = { preHandler: app.requireUser };
  registerRosterGapJob(ctx);

  app.get('/services/roster', { schema: { tags, summary: "A center's roster over a range: hall hours, gaps and shifts (services.read)", querystring: CenterRangeQuery, response: { 200: RosterView } }, ...auth }, async (request) =>
    shifts.rosterView(ctx, principalOf(request), request.query),
  );
  app.get('/services/roster/colleagues', { schema: { tags, summary: 'People who may be on duty at a center (services.read)', querystring: CenterQuery, response: { 200: ColleagueList } }, ...auth }, async (request) =>
    shifts.colleagues(ctx, principalOf(request), request.query.centerId),
  );
  app.post('/services/roster/shifts', { schema: { tags, summary: 'Add a shift (services.manage)', body: ShiftBody, response: { 201: Shift } }, ...auth }, async (request, reply) =>
    reply.status(201).send(await shifts.createShift(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch('/services/roster/shifts/:id', { schema: { tags, summary: 'Edit a shift (services.manage)', params: IdParams, body: ShiftPatch, response: { 200: Shift } }, ...auth }, async (request) =>
    shifts.updateShift(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.delete('/services/roster/shifts/:id', { schema: { tags, summary: 'Delete a shift (services.manage)', params: IdParams, response: { 204: Type.Null() } }, ...auth }, async (request, reply) => {
    await shifts.deleteShift(ctx, principalOf(request), actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
  app.post('/services/roster/fill', { schema: { tags, summary: 'Fill a rota in turn over the open days of a range: preview, or apply (services.manage)', body: FillBody, response: { 200: FillResult } }, ...auth }, async (request) =>
    shifts.fillInTurn(ctx, principalOf(request), actorOf(request), request.body),
  );
  app.get('/services/roster/gaps', { schema: { tags, summary: 'Reported roster gaps of a center from today on (services.read)', querystring: CenterQuery, response: { 200: GapList } }, ...auth }, async (request) =>
    listGaps(ctx, principalOf(request), request.query.centerId),
  );
  app.get('/services/roster/swaps', { schema: { tags, summary: 'Swap requests of a center (services.read)', querystring: SwapQuery, response: { 200: SwapList } }, ...auth }, async (request) =>
    swaps.listSwaps(ctx, principalOf(request), request.query),
  );
  app.post('/services/roster/swaps', { schema: { tags, summary: 'Ask to hand my shift to a colleague', body: SwapBody, response: { 201: Swap } }, ...auth }, async (request, reply) =>
    reply.status(201).send(await swaps.requestSwap(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.post('/services/roster/swaps/:id/decide', { schema: { tags, summary: 'Approve (moves the shift) or reject a swap (services.manage, not the requester)', params: IdParams, body: DecideBody, response: { 200: Swap } }, ...auth }, async (request) =>
    swaps.decideSwap(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post('/services/roster/swaps/:id/withdraw', { schema: { tags, summary: 'Withdraw my pending swap request', params: IdParams, response: { 200: Swap } }, ...auth }, async (request) =>
    swaps.withdrawSwap(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.get('/services/duty/today', { schema: { tags, summary: "Today's duty at a center (public): who, the center's phone, the person's mobile masked", querystring: CenterQuery, response: { 200: DutyToday } } }, async (request) =>
    dutyToday(ctx, request.query.centerId),
  );
  app.get('/services/duty/today/mine', { schema: { tags, summary: "Today's duty at the centers serving my home (signed in)", response: { 200: DutyTodayList } }, ...auth }, async (request) =>
    myDutyToday(ctx, principalOf(request)),
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import { actorOf } from '../../../platform/audit.js';
import { principalOf } from '../../../platform/auth.js';
import type { ModuleOptions } from '../../../platform/context.js';
import { decideExtension, requestExtension } from './extensions.js';
import { rates } from '../followup/rates.js';
import * as read from '../core/read.js';
import {
  BoardQuery,
  ClassifyBody,
  DecisionBody,
  DispatchBody,
  DispatchTargetsReply,
  EscalatedQuery,
  ExtensionBody,
  IdParams,
  InboxQuery,
  MergeBody,
  RatesQuery,
  RatesReply,
  ReasonBody,
  RequestDetail,
  RequestList,
  TransferBody,
  TransferTargetsQuery,
  TransferTargetsReply,
} from '../core/schema.js';
import * as steps from './steps.js';
import { dispatchTargets, transferTargets } from './targets.js';
import { merge, transfer } from './transfer.js';

const tags = ['requests'];

/** Dispatchers' steps, extensions, boards and the three rates. */
export const requestStaffRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const opts = <B extends TSchema>(summary: string, body: B) => ({
    schema: { tags, summary, params: IdParams, body, response: { 200: RequestDetail } },
    preHandler: app.requireUser,
  });

  app.get(
    '/requests/inbox',
    {
      schema: {
        tags,
        summary: 'New and accepted requests waiting for dispatch in my reach, oldest first',
        querystring: InboxQuery,
        response: { 200: RequestList },
      },
      preHandler: app.requireUser,
    },
    async (request) => read.listInbox(ctx, principalOf(request), request.query),
  );

  app.get(
    '/requests/overdue',
    {
      schema: { tags, summary: 'Overdue board: open requests past a deadline', querystring: BoardQuery, response: { 200: RequestList } },
      preHandler: app.requireUser,
    },
    async (request) => read.listOverdue(ctx, principalOf(request), request.query),
  );

  app.get(
    '/requests/escalated',
    {
      schema: {
        tags,
        summary: 'Escalated board: requests escalated (督办) to nodes I supervise',
        querystring: EscalatedQuery,
        response: { 200: RequestList },
      },
      preHandler: app.requireUser,
    },
    async (request) => read.listEscalated(ctx, principalOf(request), request.query),
  );

  app.get(
    '/requests/rates',
    {
      schema: {
        tags,
        summary: 'The three rates 三率 of a node’s subtree over whole months, by child node and by month',
        querystring: RatesQuery,
        response: { 200: RatesReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => rates(ctx, principalOf(request), request.query),
  );

  app.get(
    '/requests/:id/dispatch-targets',
    {
      schema: {
        tags,
        summary: 'People and units this request may be dispatched to',
        params: IdParams,
        response: { 200: DispatchTargetsReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => dispatchTargets(ctx, principalOf(request), request.params.id),
  );

  app.get(
    '/requests/:id/transfer-targets',
    {
      schema: {
        tags,
        summary: 'Units and places this request may be transferred to (转办), by name or pinyin',
        params: IdParams,
        querystring: TransferTargetsQuery,
        response: { 200: TransferTargetsReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => transferTargets(ctx, principalOf(request), request.params.id, request.query),
  );

  app.post('/requests/:id/accept', opts('受理: accept (optionally setting category and priority)', ClassifyBody), async (request) =>
    steps.accept(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.post('/requests/:id/dispatch', opts('派单: dispatch to a person or a unit', DispatchBody), async (request) =>
    steps.dispatch(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.post('/requests/:id/transfer', opts('转办: transfer to a unit or another place', TransferBody), async (request) =>
    transfer(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/requests/:id/merge',
    opts('合并: close as a duplicate of another request (the reporter is told)', MergeBody),
    async (request) => merge(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.post('/requests/:id/reject', opts('无效: reject as invalid, with a reason', ReasonBody), async (request) =>
    steps.reject(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.post('/requests/:id/extension', opts('申请延期: the handler asks for more working days', ExtensionBody), async (request) =>
    requestExtension(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.post('/requests/:id/extension/approve', opts('批准延期 (the node above the handler)', DecisionBody), async (request) =>
    decideExtension(ctx, principalOf(request), actorOf(request), request.params.id, true, request.body),
  );

  app.post('/requests/:id/extension/deny', opts('驳回延期, with a reason', DecisionBody), async (request) =>
    decideExtension(ctx, principalOf(request), actorOf(request), request.params.id, false, request.body),
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { IdParams } from '../../platform/schema.js';
import * as assignments from './assignments.service.js';
import {
  AssignBody,
  Assignment,
  AssignmentList,
  AssignmentQuery,
  Coverage,
  DueList,
  DueQuery,
  EndBody,
  LogBody,
  LogList,
  LogListQuery,
  PeriodQuery,
  RuleBody,
  RuleList,
  RuleQuery,
  SearchQuery,
  SearchReply,
  Timeline,
  WorkLog,
  WorkStats,
} from './gridwork.schema.js';
import { registerOverdueJob } from './overdue.job.js';
import * as plans from './plans.service.js';
import * as rules from './rules.service.js';
import { searchHouseholds, workStats } from './stats.service.js';
import * as worklog from './worklog.service.js';

/**
 * Grid work 网格工作 under /api/v1/gridwork: the work log, a household's history, visit plans and coverage, work
 * statistics, visit rules and place assignments. The plugin registers the overdue job and seeds the default rules.
 */
export const gridworkRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['gridwork'];
  worklog.registerWorkLogFiles();
  registerOverdueJob(ctx);
  app.addHook('onReady', async () => {
    await rules.seedDefaultVisitRules(ctx.db, ctx.clock.now());
  });

  app.post(
    '/gridwork/logs',
    {
      schema: { tags, summary: 'Log work done at a place (a patrol finding may become a request in the same step)', body: LogBody, response: { 201: WorkLog } },
      config: { rateLimit: 'intake' },
      preHandler: app.requireUser,
    },
    async (request, reply) => reply.status(201).send(await worklog.logWork(ctx, principalOf(request), actorOf(request), request.body)),
  );

  app.get(
    '/gridwork/logs',
    { schema: { tags, summary: 'Work log entries in the caller’s reach, newest first', querystring: LogListQuery, response: { 200: LogList } }, preHandler: app.requireUser },
    async (request) => worklog.listLogs(ctx, principalOf(request), request.query),
  );

  app.get(
    '/gridwork/logs/:id',
    { schema: { tags, summary: 'One work log entry', params: IdParams, response: { 200: WorkLog } }, preHandler: app.requireUser },
    async (request) => worklog.getLog(ctx, principalOf(request), request.params.id),
  );

  app.get(
    '/gridwork/households/:id/timeline',
    {
      schema: { tags, summary: 'A household’s history: work logged about it and its members, requests its members filed', params: IdParams, response: { 200: Timeline } },
      preHandler: app.requireUser,
    },
    async (request) => worklog.householdTimeline(ctx, principalOf(request), request.params.id),
  );

  app.get(
    '/gridwork/households',
    { schema: { tags, summary: 'Households in the caller’s work area by name, pinyin or door', querystring: SearchQuery, response: { 200: SearchReply } }, preHandler: app.requireUser },
    async (request) => searchHouseholds(ctx, principalOf(request), request.query.q, request.query.limit),
  );

  app.get(
    '/gridwork/due',
    { schema: { tags, summary: 'My people to visit: overdue, due and due soon; nearest first given a point', querystring: DueQuery, response: { 200: DueList } }, preHandler: app.requireUser },
    async (request) => plans.dueForWorker(ctx, principalOf(request), request.query),
  );

  app.get(
    '/gridwork/coverage',
    { schema: { tags, summary: 'Visits due in a period made on time, per grid and per grid worker', querystring: PeriodQuery, response: { 200: Coverage } }, preHandler: app.requireUser },
    async (request) => plans.coverage(ctx, principalOf(request), request.query),
  );

  app.get(
    '/gridwork/stats',
    { schema: { tags, summary: 'Work log entries by kind per grid and per worker over a period', querystring: PeriodQuery, response: { 200: WorkStats } }, preHandler: app.requireUser },
    async (request) => workStats(ctx, principalOf(request), request.query),
  );

  app.get(
    '/gridwork/rules',
    { schema: { tags, summary: 'Visit rules in force at a node (nearest node per tag wins)', querystring: RuleQuery, response: { 200: RuleList } }, preHandler: app.requireUser },
    async (request) => rules.listRules(ctx, principalOf(request), request.query.nodeId),
  );

  app.put(
    '/gridwork/rules',
    { schema: { tags, summary: 'Set a node’s visit rule for a tag', body: RuleBody, response: { 200: RuleList } }, preHandler: app.requireUser },
    async (request) => rules.setRule(ctx, principalOf(request), actorOf(request), request.body),
  );

  app.delete(
    '/gridwork/rules/:id',
    { schema: { tags, summary: 'Remove a node’s own visit rule (the inherited one applies again)', params: IdParams, response: { 200: RuleList } }, preHandler: app.requireUser },
    async (request) => rules.deleteRule(ctx, principalOf(request), actorOf(request), request.params.id),
  );

  app.get(
    '/gridwork/assignments',
    { schema: { tags, summary: 'Grid workers, building, unit and household leaders at a node and below', querystring: AssignmentQuery, response: { 200: AssignmentList } }, preHandler: app.requireUser },
    async (request) => assignments.listAssignments(ctx, principalOf(request), request.query),
  );

  app.post(
    '/gridwork/assignments',
    { schema: { tags, summary: 'Assign a duty at a place (grants the matching role when missing)', body: AssignBody, response: { 201: Assignment } }, preHandler: app.requireUser },
    async (request, reply) => reply.status(201).send(await assignments.assign(ctx, principalOf(request), actorOf(request), request.body)),
  );

  app.post(
    '/gridwork/assignments/:id/end',
    { schema: { tags, summary: 'End an assignment (its role at the node ends with it)', params: IdParams, body: EndBody, response: { 200: Assignment } }, preHandler: app.requireUser },
    async (request) => assignments.endAssignment(ctx, principalOf(request), actorOf(request), request.params.id, request.body.note),
  );
};

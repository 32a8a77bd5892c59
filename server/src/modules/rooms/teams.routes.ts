import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { IdParams, NoContent } from './common.schema.js';
import { AddMemberBody, CreateTeamBody, MemberParams, PatchTeamBody, TeamDetail, TeamsQuery, TeamsReply } from './teams.schema.js';
import * as service from './teams.service.js';

/** Teams 团队 (舞蹈队, 合唱队…) that book rooms as a team. */
export const teamRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['teams'];
  const auth = { preHandler: app.requireUser };

  app.get(
    '/teams',
    { schema: { tags, summary: 'Teams I belong to, and the teams in the subtrees I manage', querystring: TeamsQuery, response: { 200: TeamsReply } }, ...auth },
    async (request) => service.listTeams(ctx, principalOf(request), request.query),
  );
  app.post(
    '/teams',
    { schema: { tags, summary: 'File a team with its leader (and members)', body: CreateTeamBody, response: { 201: TeamDetail } }, ...auth },
    async (request, reply) => reply.status(201).send(await service.createTeam(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get(
    '/teams/:id',
    { schema: { tags, summary: 'A team with its members', params: IdParams, response: { 200: TeamDetail } }, ...auth },
    async (request) => service.getTeam(ctx, principalOf(request), request.params.id),
  );
  app.patch(
    '/teams/:id',
    { schema: { tags, summary: 'Rename a team, change its leader, or retire it', params: IdParams, body: PatchTeamBody, response: { 200: TeamDetail } }, ...auth },
    async (request) => service.updateTeam(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/teams/:id/members',
    { schema: { tags, summary: 'Add a member (by user id, or by username or mobile)', params: IdParams, body: AddMemberBody, response: { 200: TeamDetail } }, ...auth },
    async (request) => service.addMember(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/teams/:id/members/:userId',
    { schema: { tags, summary: 'Remove a member, or leave the team yourself', params: MemberParams, response: { 204: NoContent } }, ...auth },
    async (request, reply) => {
      await service.removeMember(ctx, principalOf(request), actorOf(request), request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import {
  AssignmentParams,
  ContactReply,
  CreateUserBody,
  RoleGrant,
  RolesReply,
  UpdateUserBody,
  User,
  UserIdParams,
  UserList,
  UserListQuery,
} from './users.schema.js';
import * as service from './users.service.js';

export const usersRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['users'];

  app.get(
    '/roles',
    { schema: { tags, summary: 'The role catalogue: labels, node kinds and ranks', response: { 200: RolesReply } }, preHandler: app.requireUser },
    async () => service.listRoles(),
  );

  app.get(
    '/users',
    {
      schema: { tags, summary: 'Accounts visible to the caller, newest first', querystring: UserListQuery, response: { 200: UserList } },
      preHandler: app.requireUser,
    },
    async (request) => service.listUsers(ctx, principalOf(request), request.query),
  );

  app.post(
    '/users',
    {
      schema: { tags, summary: 'Register an account, optionally with roles', body: CreateUserBody, response: { 201: User } },
      preHandler: app.requireUser,
    },
    async (request, reply) => {
      const user = await service.createUser(ctx, principalOf(request), actorOf(request), request.body);
      return reply.status(201).send(user);
    },
  );

  app.get(
    '/users/:id',
    { schema: { tags, summary: 'One account', params: UserIdParams, response: { 200: User } }, preHandler: app.requireUser },
    async (request) => service.getUser(ctx, principalOf(request), request.params.id),
  );

  app.get(
    '/users/:id/contact',
    {
      schema: {
        tags,
        summary: 'The unmasked mobile number (personal.view_full); every view is audited',
        params: UserIdParams,
        response: { 200: ContactReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.getContact(ctx, principalOf(request), actorOf(request), request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Edit, move, disable or re-enable an account, or reset its password',
        params: UserIdParams,
        body: UpdateUserBody,
        response: { 200: User },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.updateUser(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/users/:id/roles',
    {
      schema: { tags, summary: 'Grant a role at an org node', params: UserIdParams, body: RoleGrant, response: { 200: User } },
      preHandler: app.requireUser,
    },
    async (request) => service.grantRole(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/users/:id/roles/:assignmentId',
    {
      schema: { tags, summary: 'Revoke a role assignment', params: AssignmentParams, response: { 200: User } },
      preHandler: app.requireUser,
    },
    async (request) =>
      service.revokeRole(ctx, principalOf(request), actorOf(request), request.params.id, request.params.assignmentId),
  );
};

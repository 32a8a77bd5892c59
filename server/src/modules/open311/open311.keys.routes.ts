import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { ApiKeyItem, ApiKeyList, IssuedKey, IssueKeyBody, KeyIdParams, KeyListQuery } from './open311.keys.schema.js';
import * as service from './open311.keys.service.js';

/** Managing Open311 partner keys (staff console, under /api/v1); the keys are used under /open311/v2. */
export const open311KeyRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  app.get(
    '/open311/keys',
    {
      schema: { tags: ['open311'], summary: 'Partner keys tied to nodes where the caller holds requests.configure', querystring: KeyListQuery, response: { 200: ApiKeyList } },
      preHandler: app.requireUser,
    },
    async (request) => service.listKeys(ctx, principalOf(request), request.query.nodeId),
  );

  app.post(
    '/open311/keys',
    {
      schema: { tags: ['open311'], summary: 'Issue a partner key for a node; the key is in this answer only', body: IssueKeyBody, response: { 201: IssuedKey } },
      preHandler: app.requireUser,
    },
    async (request, reply) => reply.status(201).send(await service.issueKey(ctx, principalOf(request), actorOf(request), request.body)),
  );

  app.delete(
    '/open311/keys/:id',
    {
      schema: { tags: ['open311'], summary: 'Revoke a partner key (audited); revoking twice changes nothing', params: KeyIdParams, response: { 200: ApiKeyItem } },
      preHandler: app.requireUser,
    },
    async (request) => service.revokeKey(ctx, principalOf(request), actorOf(request), request.params.id),
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { AuditList, AuditQuery } from './audit.schema.js';
import * as service from './audit.service.js';

export const auditRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log within the caller’s audit.read subtrees, newest first',
        querystring: AuditQuery,
        response: { 200: AuditList },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.listAudit(ctx, principalOf(request), request.query),
  );
};

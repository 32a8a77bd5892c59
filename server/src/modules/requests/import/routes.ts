import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/audit.js';
import { principalOf } from '../../../platform/auth.js';
import type { ModuleOptions } from '../../../platform/context.js';
import { sharedTasks } from '../ledger/tasks.js';
import { ImportIdParams, ImportReply, ImportUploadBody } from './schema.js';
import * as service from './service.js';
import { sendXlsx } from '../ledger/routes.js';
import { XlsxFile } from '../ledger/schema.js';

export const importRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const deps = { ...sharedTasks(ctx), log: app.log.child({ module: 'requests.import' }) };
  app.addHook('onClose', async () => deps.runner.drain());

  app.post(
    '/requests/imports',
    {
      schema: {
        tags: ['requests'],
        summary: 'Import 12345 hotline work orders (.xlsx or .csv); runs in the background, poll the task',
        description:
          'requests.dispatch over nodeId. Each row becomes a hotline request (externalRef = 工单编号); a work order imported before is skipped and reported; rows with errors do not stop the others.',
        consumes: ['multipart/form-data'],
        body: ImportUploadBody,
        response: { 202: ImportReply },
      },
      // The body is streamed and checked by receiveUpload; ImportUploadBody only documents it.
      validatorCompiler: () => () => true,
      config: { rateLimit: 'export' },
      preHandler: app.requireUser,
    },
    async (request, reply) => reply.status(202).send(await service.startImport(ctx, deps, principalOf(request), actorOf(request), request)),
  );

  app.get(
    '/requests/imports/:id',
    {
      schema: {
        tags: ['requests'],
        summary: 'Progress and outcome of a hotline import (only for the user who started it)',
        params: ImportIdParams,
        response: { 200: ImportReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.getImport(ctx, deps, principalOf(request), request.params.id),
  );

  app.get(
    '/requests/imports/:id/report',
    {
      schema: {
        tags: ['requests'],
        summary: 'The per-row problem report of a finished import (.xlsx: 行号, 工单编号, 列, 类型, 问题, Problem)',
        params: ImportIdParams,
        produces: Object.keys(XlsxFile.content),
        response: { 200: XlsxFile },
      },
      preHandler: app.requireUser,
    },
    async (request, reply) => sendXlsx(reply, await service.openImportReport(ctx, deps, principalOf(request), request.params.id)),
  );
};

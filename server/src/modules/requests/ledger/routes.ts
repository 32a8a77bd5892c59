import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../../../platform/audit.js';
import { principalOf } from '../../../platform/auth.js';
import type { ModuleOptions } from '../../../platform/context.js';
import * as exports from './export.js';
import { sharedTasks } from './tasks.js';
import { ExportIdParams, LedgerExportBody, LedgerExportReply, LedgerPage, LedgerQuery, XlsxFile } from './schema.js';
import * as service from './service.js';
import { PointsQuery, PointsReply } from './points.schema.js';
import * as points from './points.service.js';

/** RFC 6266: an ASCII fallback and the UTF-8 name for browsers that read filename*. */
export function attachment(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const ledgerRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const deps = { ...sharedTasks(ctx), log: app.log.child({ module: 'requests.ledger' }) };
  app.addHook('onClose', async () => deps.runner.drain());

  app.get(
    '/requests/ledger',
    {
      schema: {
        tags: ['requests'],
        summary: 'The ledger 台账: requests in the caller’s requests.read subtrees, filtered, sorted, paged',
        description: 'Reporter name and phone are masked. Repeat status/channel/priority to give several values.',
        querystring: LedgerQuery,
        response: { 200: LedgerPage },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.listLedger(ctx, principalOf(request), request.query),
  );

  app.get(
    '/requests/points',
    {
      schema: {
        tags: ['requests'],
        summary: 'Requests as map points: the ledger’s scope and filters, newest first, with status and overdue flag',
        querystring: PointsQuery,
        response: { 200: PointsReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => points.listPoints(ctx, principalOf(request), request.query),
  );

  app.post(
    '/requests/ledger/exports',
    {
      schema: {
        tags: ['requests'],
        summary: 'Export the filtered ledger to .xlsx in the background; poll the returned task for progress',
        body: LedgerExportBody,
        response: { 202: LedgerExportReply },
      },
      config: { rateLimit: 'export' },
      preHandler: app.requireUser,
    },
    async (request, reply) => {
      const task = await exports.startExport(ctx, deps, principalOf(request), actorOf(request), request.body);
      return reply.status(202).send(task);
    },
  );

  app.get(
    '/requests/ledger/exports/:id',
    {
      schema: {
        tags: ['requests'],
        summary: 'Progress of a ledger export (rows done / total); only for the user who started it',
        params: ExportIdParams,
        response: { 200: LedgerExportReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => exports.getExport(ctx, deps, principalOf(request), request.params.id),
  );

  app.get(
    '/requests/ledger/exports/:id/file',
    {
      schema: {
        tags: ['requests'],
        summary: 'Download a finished ledger export (only by the user who started it; audited)',
        params: ExportIdParams,
        produces: Object.keys(XlsxFile.content),
        response: { 200: XlsxFile },
      },
      preHandler: app.requireUser,
    },
    async (request, reply) => sendXlsx(reply, await exports.openExportFile(ctx, deps, principalOf(request), actorOf(request), request.params.id)),
  );
};

/** Stream a generated workbook as a private download. */
export function sendXlsx(reply: FastifyReply, file: { stream: Readable; size: number; fileName: string }): FastifyReply {
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-length', file.size)
    .header('content-disposition', attachment(file.fileName))
    .header('cache-control', 'private, no-store')
    .send(file.stream);
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import { orgNodes } from '../../db/schema/org.js';
import { assertCan } from '../../platform/access.js';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { sendXlsx } from '../requests/ledger/routes.js';
import { XlsxFile } from '../requests/ledger/schema.js';
import * as exporter from './exportService.js';
import * as importer from './importService.js';
import { tagsInForce } from './places.js';
import {
  ExportTagsQuery,
  ExportTagsReply,
  ImportDraftReply,
  ImportIdParams,
  ImportRunBody,
  RegistryExportBody,
  RegistryExportReply,
  RegistryImportReply,
  RegistryUploadBody,
} from './schema.js';
import { registryTasks } from './tasks.js';
import { visibleTags } from './visibility.js';

export const registryIoRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const deps = registryTasks(ctx, app.log.child({ module: 'registry.io' }));
  app.addHook('onClose', async () => deps.runner.drain());

  app.post(
    '/registry/imports',
    {
      schema: {
        tags: ['registry'],
        summary: 'Upload a 实有人口登记表 (.xlsx): answers the header found, the automatic column mapping and the first rows',
        description: 'registry.manage over nodeId (a community). Nothing is imported yet: POST /registry/imports/{id}/run with the mapping starts it.',
        consumes: ['multipart/form-data'],
        body: RegistryUploadBody,
        response: { 201: ImportDraftReply },
      },
      // The body is streamed and checked by receiveSheet; RegistryUploadBody only documents it.
      validatorCompiler: () => () => true,
      config: { rateLimit: 'export' },
      preHandler: app.requireUser,
    },
    async (request, reply) => reply.status(201).send(await importer.uploadSheet(ctx, deps, principalOf(request), request)),
  );

  app.get(
    '/registry/imports/:id/draft',
    {
      schema: { tags: ['registry'], summary: 'The uploaded sheet’s header, mapping and preview again (its uploader only)', params: ImportIdParams, response: { 200: ImportDraftReply } },
      preHandler: app.requireUser,
    },
    async (request) => importer.getDraft(deps, principalOf(request), request.params.id),
  );

  app.post(
    '/registry/imports/:id/run',
    {
      schema: {
        tags: ['registry'],
        summary: 'Start the import of an uploaded sheet with the chosen mapping, mode and duplicate handling; poll the task',
        params: ImportIdParams,
        body: ImportRunBody,
        response: { 202: RegistryImportReply },
      },
      preHandler: app.requireUser,
    },
    async (request, reply) => reply.status(202).send(await importer.startImport(ctx, deps, principalOf(request), actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/registry/imports/:id',
    {
      schema: { tags: ['registry'], summary: 'Progress and outcome of a registry import (its starter only)', params: ImportIdParams, response: { 200: RegistryImportReply } },
      preHandler: app.requireUser,
    },
    async (request) => importer.getImport(ctx, deps, principalOf(request), request.params.id),
  );

  app.get(
    '/registry/imports/:id/report',
    {
      schema: {
        tags: ['registry'],
        summary: 'The per-row report of a finished import (.xlsx: 行号, 列, 类型, 问题, Problem)',
        params: ImportIdParams,
        produces: Object.keys(XlsxFile.content),
        response: { 200: XlsxFile },
      },
      preHandler: app.requireUser,
    },
    async (request, reply) => sendXlsx(reply, await importer.openImportReport(ctx, deps, principalOf(request), request.params.id)),
  );

  app.get(
    '/registry/exports/tags',
    {
      schema: { tags: ['registry'], summary: 'Care tags the caller may see and filter an export by, at a node', querystring: ExportTagsQuery, response: { 200: ExportTagsReply } },
      preHandler: app.requireUser,
    },
    async (request) => {
      const principal = principalOf(request);
      const [node] = await ctx.db.select({ path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.id, request.query.nodeId));
      if (!node) throw errors.notFound();
      assertCan(principal, 'registry.read', node.path);
      const tags = visibleTags(await tagsInForce(ctx.db, node.path), principal, node.path);
      return { items: tags.map((t) => ({ id: t.id, code: t.code, name: t.name, nameEn: t.nameEn })) };
    },
  );

  app.post(
    '/registry/exports',
    {
      schema: {
        tags: ['registry'],
        summary: 'Export the persons under a node to .xlsx in the background (masked unless full with a reason); poll the task',
        body: RegistryExportBody,
        response: { 202: RegistryExportReply },
      },
      config: { rateLimit: 'export' },
      preHandler: app.requireUser,
    },
    async (request, reply) => reply.status(202).send(await exporter.startExport(ctx, deps, principalOf(request), actorOf(request), request.body)),
  );

  app.get(
    '/registry/exports/:id',
    {
      schema: { tags: ['registry'], summary: 'Progress of a registry export (its starter only)', params: ImportIdParams, response: { 200: RegistryExportReply } },
      preHandler: app.requireUser,
    },
    async (request) => exporter.getExport(ctx, deps, principalOf(request), request.params.id),
  );

  app.get(
    '/registry/exports/:id/file',
    {
      schema: {
        tags: ['registry'],
        summary: 'Download a finished registry export (its starter only; audited)',
        params: ImportIdParams,
        produces: Object.keys(XlsxFile.content),
        response: { 200: XlsxFile },
      },
      preHandler: app.requireUser,
    },
    async (request, reply) => sendXlsx(reply, await exporter.openExportFile(ctx, deps, principalOf(request), actorOf(request), request.params.id)),
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/audit.js';
import { principalOf } from '../../../platform/auth.js';
import type { ModuleOptions } from '../../../platform/context.js';
import { IdParams } from '../../../platform/schema.js';
import { AdoptBody, AdoptResult, CatalogueList, CatalogueQuery, CatalogueRow, CreateItemBody, GuideList, GuideQuery, ItemDetail, PatchItemBody, TemplateList, TemplatesQuery } from './items.schema.js';
import * as items from './items.service.js';
import * as guide from './public.service.js';

/**
 * The service guide 办事指南 under /api/v1/services: public reads (no sign-in: the guide of a node, search, an item
 * with its windows and its one-time complete notice, the certificates list) and staff work (catalogue, create,
 * edit, adopt from the template, reset to the template).
 */
export const serviceGuideRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['services'];
  const auth = { preHandler: app.requireUser };

  // Public: registered without requireUser; a signed-in caller's home picks the default guide.
  app.get(
    '/services/items',
    { schema: { tags, summary: "A node's service guide (public): its items, or its nearest ancestor's; search by name, pinyin or initials", querystring: GuideQuery, response: { 200: GuideList } } },
    async (request) => guide.guide(ctx, request.principal ?? undefined, request.query),
  );
  app.get(
    '/services/items/certificates',
    { schema: { tags, summary: 'Certificates a village or community may still issue (public)', querystring: GuideQuery, response: { 200: GuideList } } },
    async (request) => guide.guide(ctx, request.principal ?? undefined, { ...request.query, certificates: true }),
  );
  app.get(
    '/services/items/catalogue',
    { schema: { tags, summary: "A node's own items for staff (services.read), with the fields changed from the template", querystring: CatalogueQuery, response: { 200: CatalogueList } }, ...auth },
    async (request) => items.catalogue(ctx, principalOf(request), request.query),
  );
  app.get(
    '/services/items/:id',
    { schema: { tags, summary: 'A service item (public): materials, windows that handle it, the one-time complete notice', params: IdParams, response: { 200: ItemDetail } } },
    async (request) => guide.itemDetail(ctx, request.principal ?? undefined, request.params.id),
  );
  app.post(
    '/services/items',
    { schema: { tags, summary: 'Add a service item to a node’s guide (services.manage)', body: CreateItemBody, response: { 201: CatalogueRow } }, ...auth },
    async (request, reply) => reply.status(201).send(await items.createItem(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch(
    '/services/items/:id',
    { schema: { tags, summary: 'Edit a service item (services.manage at its node)', params: IdParams, body: PatchItemBody, response: { 200: CatalogueRow } }, ...auth },
    async (request) => items.patchItem(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/services/items/:id/reset',
    { schema: { tags, summary: 'Reset an adopted item to its template (services.manage)', params: IdParams, response: { 200: CatalogueRow } }, ...auth },
    async (request) => items.resetToTemplate(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.post(
    '/services/items/adopt',
    { schema: { tags, summary: 'Adopt template items (region or city) into a node’s guide; idempotent (services.manage)', body: AdoptBody, response: { 200: AdoptResult } }, ...auth },
    async (request) => items.adopt(ctx, principalOf(request), actorOf(request), request.body),
  );
  app.get(
    '/services/templates',
    { schema: { tags, summary: 'Template items of the region and city above a node, with what the node adopted and changed (services.read)', querystring: TemplatesQuery, response: { 200: TemplateList } }, ...auth },
    async (request) => items.templates(ctx, principalOf(request), request.query),
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import {
  ChildrenQuery,
  ChildrenReply,
  CreateNodeBody,
  CreateServiceCenterBody,
  IdParams,
  NodeChangeReply,
  NodeReply,
  PatchNodeBody,
  PatchServiceCenterBody,
  SearchQuery,
  SearchReply,
  ServiceCenterReply,
  ServiceCentersQuery,
  ServiceCentersReply,
} from './org.schema.js';
import * as service from './org.service.js';
import * as centers from './serviceCenter.service.js';

export const orgRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['org'];

  app.get(
    '/org-nodes',
    {
      schema: { tags, summary: 'Search org nodes by name, pinyin or initials within the caller’s scope', querystring: SearchQuery, response: { 200: SearchReply } },
      preHandler: app.requireUser,
    },
    async (request) => service.search(ctx, principalOf(request), request.query),
  );

  app.get(
    '/org-nodes/:id',
    {
      schema: { tags, summary: 'One org node with its ancestors (root first)', params: IdParams, response: { 200: NodeReply } },
      preHandler: app.requireUser,
    },
    async (request) => service.getNode(ctx, principalOf(request), request.params.id),
  );

  app.get(
    '/org-nodes/:id/children',
    {
      schema: { tags, summary: 'Children of an org node, a page at a time', params: IdParams, querystring: ChildrenQuery, response: { 200: ChildrenReply } },
      preHandler: app.requireUser,
    },
    async (request) => service.listChildren(ctx, principalOf(request), request.params.id, request.query),
  );

  app.post(
    '/org-nodes',
    {
      schema: {
        tags,
        summary: 'Add a grid, building, unit or department (org.manage at the parent)',
        body: CreateNodeBody,
        response: { 201: NodeChangeReply },
      },
      preHandler: app.requireUser,
    },
    async (request, reply) => {
      const result = await service.createNode(ctx, principalOf(request), actorOf(request), request.body);
      return reply.status(201).send(result);
    },
  );

  app.patch(
    '/org-nodes/:id',
    {
      schema: {
        tags,
        summary: 'Rename or reshape a grid, building, unit or department (org.manage at the parent)',
        params: IdParams,
        body: PatchNodeBody,
        response: { 200: NodeChangeReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.updateNode(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/org-nodes/:id/service-centers',
    {
      schema: {
        tags,
        summary: 'Party-mass service centers and stations attached to a node (or its whole subtree)',
        params: IdParams,
        querystring: ServiceCentersQuery,
        response: { 200: ServiceCentersReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => centers.listServiceCenters(ctx, principalOf(request), request.params.id, request.query),
  );

  app.post(
    '/service-centers',
    {
      schema: { tags, summary: 'Attach a center or station to a node (org.manage there)', body: CreateServiceCenterBody, response: { 201: ServiceCenterReply } },
      preHandler: app.requireUser,
    },
    async (request, reply) => {
      const result = await centers.createServiceCenter(ctx, principalOf(request), actorOf(request), request.body);
      return reply.status(201).send(result);
    },
  );

  app.patch(
    '/service-centers/:id',
    {
      schema: { tags, summary: 'Change a center or station', params: IdParams, body: PatchServiceCenterBody, response: { 200: ServiceCenterReply } },
      preHandler: app.requireUser,
    },
    async (request) => centers.updateServiceCenter(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
};

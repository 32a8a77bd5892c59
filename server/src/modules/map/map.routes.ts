import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { LayersQuery, LayersReply, LocateQuery, LocateReply, MapConfigReply } from './map.schema.js';
import * as service from './map.service.js';

export const mapRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['map'];

  app.get(
    '/map/config',
    {
      schema: { tags, summary: 'Background tiles configured for maps (none on an intranet) and their coordinate system', response: { 200: MapConfigReply } },
      preHandler: app.requireUser,
    },
    async () => service.mapConfig(ctx),
  );

  app.get(
    '/map/layers',
    {
      schema: {
        tags,
        summary: 'Grid and building outlines in a node’s subtree, as GeoJSON (at most 2000, grids first)',
        querystring: LayersQuery,
        response: { 200: LayersReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.layers(ctx, principalOf(request), request.query),
  );

  app.get(
    '/map/locate',
    {
      schema: {
        tags,
        summary: 'The grid and community holding a point, as a new request there would be placed',
        querystring: LocateQuery,
        response: { 200: LocateReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.locate(ctx, principalOf(request), request.query),
  );
};

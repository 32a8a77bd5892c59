import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../../platform/auth.js';
import type { ModuleOptions } from '../../../platform/context.js';
import { SuggestionsReply, SuggestParams } from './schema.js';
import { suggestionsFor } from './service.js';

export const suggestRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  app.get(
    '/requests/:id/suggestions',
    {
      schema: {
        tags: ['requests'],
        summary: 'Dispatcher help: likely categories (keywords + what the community decided before) and possible duplicates',
        description: 'For callers holding requests.dispatch over the request’s node (403 otherwise; 404 if out of reach).',
        params: SuggestParams,
        response: { 200: SuggestionsReply },
      },
      preHandler: app.requireUser,
    },
    async (request) => suggestionsFor(ctx, principalOf(request), request.params.id),
  );
};

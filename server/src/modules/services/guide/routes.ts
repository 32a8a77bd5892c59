import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ModuleOptions } from '../../../platform/context.js';

/** Convenience services — guide (issue 13). Routes are filled in by the part's author. */
export const serviceGuideRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async () => {};

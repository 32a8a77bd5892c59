import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ModuleOptions } from '../../../platform/context.js';

/** Convenience services — athome (issue 13). Routes are filled in by the part's author. */
export const homeServiceRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async () => {};

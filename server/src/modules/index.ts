import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ModuleOptions } from '../platform/context.js';
import { authRoutes } from './auth/auth.routes.js';

/** Every module's routes, in one list; app.ts registers them under their prefix. */
export const modules: { prefix: string; plugin: FastifyPluginAsyncTypebox<ModuleOptions> }[] = [
  { prefix: '/api/v1', plugin: authRoutes },
];

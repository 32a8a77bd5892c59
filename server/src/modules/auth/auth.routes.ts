import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf, SESSION_COOKIE } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { LoginBody, LoginReply, LogoutAllReply, MeReply } from './auth.schema.js';
import * as service from './auth.service.js';

export const authRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username or mobile number and password',
        body: LoginBody,
        response: { 200: LoginReply },
        security: [],
      },
      config: { rateLimit: 'signin' },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await service.login(ctx, actorOf(request), body.username, body.password);
      reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: ctx.config.secureCookies || request.protocol === 'https',
        expires: result.expiresAt,
      });
      return { ...result, expiresAt: result.expiresAt.toISOString() };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'Sign out: revoke this session', response: { 204: { type: 'null', description: 'Signed out' } } },
      preHandler: app.requireUser,
    },
    async (request, reply) => {
      await service.logout(ctx, principalOf(request), actorOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/logout-all',
    {
      schema: { tags: ['auth'], summary: 'Sign out everywhere: end every session of this account', response: { 200: LogoutAllReply } },
      preHandler: app.requireUser,
    },
    async (request, reply) => {
      const result = await service.logoutEverywhere(ctx, principalOf(request), actorOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return result;
    },
  );

  app.get(
    '/me',
    { schema: { tags: ['auth'], summary: 'The signed-in user, their roles and scopes', response: { 200: MeReply } }, preHandler: app.requireUser },
    async (request) => service.me(ctx, principalOf(request)),
  );
};

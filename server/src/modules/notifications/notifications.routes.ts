import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/audit.js';
import { principalOf } from '../../platform/auth.js';
import type { ModuleOptions } from '../../platform/context.js';
import { installOutboxDispatcher } from './notifications.dispatcher.js';
import {
  ListQuery,
  ListReply,
  NotificationIdParams,
  NotificationItem,
  ReadAllReply,
  SendBody,
  SendReply,
  StreamReply,
} from './notifications.schema.js';
import * as service from './notifications.service.js';
import { openNotificationStream, type OpenStreams } from './notifications.stream.js';

export const notificationRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  installOutboxDispatcher(app, ctx);
  const openStreams: OpenStreams = new Set();
  const closeAll = () => {
    for (const close of [...openStreams]) close();
  };
  app.addHook('preClose', async () => closeAll());
  // Live events from other processes may have been lost: each page reconnects with Last-Event-ID and catches up.
  const stopResync = ctx.bus.onResync(closeAll);
  app.addHook('onClose', async () => stopResync());

  app.get(
    '/notifications',
    {
      schema: { tags: ['notifications'], summary: 'My inbox, newest first', querystring: ListQuery, response: { 200: ListReply } },
      preHandler: app.requireUser,
    },
    async (request) => service.list(ctx, principalOf(request), request.query),
  );

  app.get(
    '/notifications/stream',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Live events for the signed-in user (Server-Sent Events)',
        produces: ['text/event-stream'],
        response: { 200: StreamReply },
      },
      preHandler: app.requireUser,
    },
    async (request, reply) => {
      await openNotificationStream(ctx, principalOf(request), request, reply, openStreams);
      return reply;
    },
  );

  app.post(
    '/notifications/read-all',
    {
      schema: { tags: ['notifications'], summary: 'Mark my whole inbox read', response: { 200: ReadAllReply } },
      preHandler: app.requireUser,
    },
    async (request) => service.markAllRead(ctx, principalOf(request)),
  );

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my notifications read',
        params: NotificationIdParams,
        response: { 200: NotificationItem },
      },
      preHandler: app.requireUser,
    },
    async (request) => service.markRead(ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Send a notice to everyone filed under an org node (needs notifications.send there)',
        body: SendBody,
        response: { 201: SendReply },
      },
      preHandler: app.requireUser,
    },
    async (request, reply) => {
      const result = await service.sendAnnouncement(ctx, principalOf(request), actorOf(request), request.body);
      return reply.status(201).send(result);
    },
  );
};

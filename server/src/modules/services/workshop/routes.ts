import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/audit.js';
import { principalOf } from '../../../platform/auth.js';
import type { ModuleOptions } from '../../../platform/context.js';
import { IdParams } from '../../../platform/schema.js';
import * as orders from './orders.service.js';
import * as providers from './providers.service.js';
import {
  ConfirmBody,
  DeclineBody,
  Order,
  OrderBody,
  OrderList,
  OrdersQuery,
  Provider,
  ProviderBody,
  ProviderList,
  ProviderPatch,
  PublicProvidersQuery,
  RateBody,
  StaffProvidersQuery,
  Stats,
  StatsQuery,
} from './workshop.schema.js';

/** Convenience services — the convenience workshop 便民工坊 (issue 13): providers, services, orders, ratings, counts. */
export const workshopRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  const tags = ['services-workshop'];
  const auth = { preHandler: app.requireUser };

  app.get('/services/workshop/providers', { schema: { tags, summary: 'Providers of my community and town, with services, services done and average rating', querystring: PublicProvidersQuery, response: { 200: ProviderList } }, ...auth }, async (request) =>
    providers.publicProviders(ctx, principalOf(request), request.query),
  );
  app.get('/services/workshop/providers/manage', { schema: { tags, summary: 'Providers in reach for staff (services.read)', querystring: StaffProvidersQuery, response: { 200: ProviderList } }, ...auth }, async (request) =>
    providers.staffProviders(ctx, principalOf(request), request.query),
  );
  app.get('/services/workshop/providers/mine', { schema: { tags, summary: 'Providers linked to my account', response: { 200: ProviderList } }, ...auth }, async (request) =>
    providers.myProviders(ctx, principalOf(request)),
  );
  app.get('/services/workshop/providers/:id', { schema: { tags, summary: 'A provider with its services', params: IdParams, response: { 200: Provider } }, ...auth }, async (request) =>
    providers.getProvider(ctx, principalOf(request), request.params.id),
  );
  app.post('/services/workshop/providers', { schema: { tags, summary: 'Add a provider with its services (services.manage)', body: ProviderBody, response: { 201: Provider } }, ...auth }, async (request, reply) =>
    reply.status(201).send(await providers.createProvider(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.patch('/services/workshop/providers/:id', { schema: { tags, summary: 'Edit a provider; `services` replaces the list (left-out ones are retired) (services.manage)', params: IdParams, body: ProviderPatch, response: { 200: Provider } }, ...auth }, async (request) =>
    providers.updateProvider(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  app.post('/services/workshop/orders', { schema: { tags, summary: 'Book or ask for a service', body: OrderBody, response: { 201: Order } }, config: { rateLimit: 'intake' }, ...auth }, async (request, reply) =>
    reply.status(201).send(await orders.placeOrder(ctx, principalOf(request), actorOf(request), request.body)),
  );
  app.get('/services/workshop/orders/mine', { schema: { tags, summary: 'My orders', querystring: OrdersQuery, response: { 200: OrderList } }, ...auth }, async (request) =>
    orders.myOrders(ctx, principalOf(request), request.query),
  );
  app.get('/services/workshop/orders/provider', { schema: { tags, summary: 'Orders of the providers linked to my account', querystring: OrdersQuery, response: { 200: OrderList } }, ...auth }, async (request) =>
    orders.providerOrders(ctx, principalOf(request), request.query),
  );
  app.get('/services/workshop/orders', { schema: { tags, summary: 'Orders in reach for staff, residents masked (services.read)', querystring: OrdersQuery, response: { 200: OrderList } }, ...auth }, async (request) =>
    orders.staffOrders(ctx, principalOf(request), request.query),
  );
  app.get('/services/workshop/orders/:id', { schema: { tags, summary: 'An order (its resident, its provider or staff)', params: IdParams, response: { 200: Order } }, ...auth }, async (request) =>
    orders.getOrder(ctx, principalOf(request), request.params.id),
  );
  app.post('/services/workshop/orders/:id/confirm', { schema: { tags, summary: 'Confirm with a time (the provider, or services.manage)', params: IdParams, body: ConfirmBody, response: { 200: Order } }, ...auth }, async (request) =>
    orders.confirmOrder(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post('/services/workshop/orders/:id/decline', { schema: { tags, summary: 'Decline with a reason (the provider, or services.manage)', params: IdParams, body: DeclineBody, response: { 200: Order } }, ...auth }, async (request) =>
    orders.declineOrder(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.post('/services/workshop/orders/:id/done', { schema: { tags, summary: 'Mark a confirmed order done (the provider, or services.manage)', params: IdParams, response: { 200: Order } }, ...auth }, async (request) =>
    orders.completeOrder(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.post('/services/workshop/orders/:id/cancel', { schema: { tags, summary: 'Cancel my order before it is done', params: IdParams, response: { 200: Order } }, ...auth }, async (request) =>
    orders.cancelOrder(ctx, principalOf(request), actorOf(request), request.params.id),
  );
  app.post('/services/workshop/orders/:id/rate', { schema: { tags, summary: 'Rate my done order 1–5, once', params: IdParams, body: RateBody, response: { 200: Order } }, ...auth }, async (request) =>
    orders.rateOrder(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );
  app.get('/services/workshop/stats', { schema: { tags, summary: 'Per provider under a node and period: orders, done, average rating (services.read)', querystring: StatsQuery, response: { 200: Stats } }, ...auth }, async (request) =>
    orders.workshopStats(ctx, principalOf(request), request.query),
  );
};

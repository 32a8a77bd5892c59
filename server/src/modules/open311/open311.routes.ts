import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/audit.js';
import type { ModuleOptions } from '../../platform/context.js';
import { AppError, pickLanguage } from '../../platform/errors.js';
import { sendOpen311, sendOpen311Error, stripFormat } from './open311.format.js';
import {
  bothFormats,
  Discovery,
  Errors,
  FileParams,
  JurisdictionQuery,
  PostReply,
  PostRequestBody,
  RequestQuery,
  RequestsQuery,
  Service,
  ServiceDefinition,
  ServiceRequest,
  TokenReply,
} from './open311.schema.js';
import * as service from './open311.service.js';
import { Type } from 'typebox';

/** The spec's errors: 400 bad input, 403 key, 404 unknown; the rest of ours fold into those (or stay 413/500). */
function specStatus(status: number): number {
  if (status >= 500) return 500;
  if (status === 401) return 403;
  if (status === 400 || status === 403 || status === 404 || status === 413) return status;
  return 400;
}

/**
 * Form fields, with attribute[code] (and attribute[code][]) gathered into `attribute`, as GeoReport clients send
 * them. An empty field counts as not sent (a blank lat must not become 0).
 */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attribute: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    if (value.trim() === '') continue;
    const attr = /^attribute\[([^\]]+)\](\[\])?$/.exec(name);
    if (attr) {
      if (attr[2]) attribute[attr[1]!] = [...((attribute[attr[1]!] as string[] | undefined) ?? []), value];
      else attribute[attr[1]!] = value;
    } else out[name] = value;
  }
  if (Object.keys(attribute).length > 0) out.attribute = attribute;
  return out;
}

const errorResponses = {
  400: bothFormats('Bad input: [{ code: 400, description }]', Errors),
  403: bothFormats('api_key missing, invalid, or not valid for the jurisdiction', Errors),
  404: bothFormats('Unknown service_code, service_request_id, token or jurisdiction_id', Errors),
};

/** "/x", "/x.json", "/x.xml": the format comes from the extension; the bare path answers JSON (and is not listed). */
const variants = (path: string) => [
  { url: `${path}.json`, hide: false },
  { url: `${path}.xml`, hide: false },
  { url: path, hide: true },
];

const baseUrl = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/**
 * The spec passes api_key as a parameter; the X-Api-Key header is accepted too and preferred, since query strings
 * end up in access logs.
 */
function headerKey(request: FastifyRequest): string | undefined {
  const value = request.headers['x-api-key'];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*$/;

/** Form fields are text, and some JSON clients quote numbers too: "40.651" → 40.651 for lat and long. */
export function numericFields(body: unknown): void {
  if (!body || typeof body !== 'object') return;
  const fields = body as Record<string, unknown>;
  for (const name of ['lat', 'long']) {
    const value = fields[name];
    if (typeof value === 'string' && NUMBER.test(value)) fields[name] = Number(value);
  }
}

export const open311Routes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { ctx }) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, parseForm(String(body))));

  app.addHook('preValidation', async (request) => numericFields(request.body));

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const lang = pickLanguage(request.headers['accept-language']);
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, 'open311 server error');
      return sendOpen311Error(request, reply, specStatus(error.status), error.status >= 500 ? 'Internal server error' : error.messages[lang]);
    }
    if (error.validation) {
      const fields = error.validation.map((v) => (v.instancePath || `/${String(v.params?.missingProperty ?? '')}`).replace(/^\//, '')).join(', ');
      return sendOpen311Error(request, reply, 400, lang === 'zh' ? `参数不符合要求：${fields}` : `Invalid parameters: ${fields}`);
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'open311 unhandled error');
      return sendOpen311Error(request, reply, 500, 'Internal server error');
    }
    return sendOpen311Error(request, reply, specStatus(status), lang === 'zh' ? `请求格式有误：${error.message}` : `The request could not be read: ${error.message}`);
  });
  app.setNotFoundHandler((request, reply) =>
    sendOpen311Error(request, reply, 404, pickLanguage(request.headers['accept-language']) === 'zh' ? '没有这个 Open311 资源' : 'No such Open311 resource'),
  );

  const send = (root: string, status = 200) => (request: FastifyRequest, reply: FastifyReply, body: unknown) => sendOpen311(request, reply, status, root, body);

  for (const { url, hide } of variants('/discovery')) {
    app.get(url, { schema: { hide, tags: ['open311'], summary: 'Service discovery', security: [], response: { 200: bothFormats('Endpoints and formats', Discovery) } } }, async (request, reply) =>
      send('discovery')(request, reply, service.discovery(baseUrl(request))),
    );
  }

  for (const { url, hide } of variants('/services')) {
    app.get(
      url,
      {
        schema: {
          hide,
          tags: ['open311'],
          summary: 'Service list: the leaf request categories in use at the jurisdiction (public)',
          security: [],
          querystring: JurisdictionQuery,
          response: { 200: bothFormats('Services', Type.Array(Service)), 404: errorResponses[404] },
        },
      },
      async (request, reply) => send('services')(request, reply, await service.listServices(ctx, request.query.jurisdiction_id)),
    );
  }

  app.get(
    '/services/:file',
    {
      schema: {
        tags: ['open311'],
        summary: 'Service definition: /services/{service_code}.json or .xml (public; no extra attributes)',
        security: [],
        params: FileParams,
        querystring: JurisdictionQuery,
        response: { 200: bothFormats('Definition', ServiceDefinition), 404: errorResponses[404] },
      },
    },
    async (request, reply) =>
      send('service_definition')(request, reply, await service.serviceDefinition(ctx, stripFormat(request.params.file), request.query.jurisdiction_id)),
  );

  for (const { url, hide } of variants('/requests')) {
    app.get(
      url,
      {
        schema: {
          hide,
          tags: ['open311'],
          summary: 'Service requests in the api_key’s node (newest first, at most 1000, at most 90 days; non-personal fields)',
          security: [],
          querystring: RequestsQuery,
          response: { 200: bothFormats('Requests', Type.Array(ServiceRequest)), ...errorResponses },
        },
      },
      async (request, reply) => send('service_requests')(request, reply, await service.getRequests(ctx, { ...request.query, api_key: request.query.api_key ?? headerKey(request) })),
    );
    app.post(
      url,
      {
        schema: {
          hide,
          tags: ['open311'],
          summary: 'File a service request (form-encoded or JSON) with a partner api_key',
          security: [],
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          body: PostRequestBody,
          response: { 201: bothFormats('The new request and its token', PostReply), ...errorResponses },
        },
        config: { rateLimit: 'partner' },
      },
      async (request, reply) => send('service_requests', 201)(request, reply, await service.postRequest(ctx, { ...request.body, api_key: request.body.api_key ?? headerKey(request) }, actorOf(request))),
    );
  }

  app.get(
    '/requests/:file',
    {
      schema: {
        tags: ['open311'],
        summary: 'One service request: /requests/{service_request_id}.json or .xml (api_key required)',
        security: [],
        params: FileParams,
        querystring: RequestQuery,
        response: { 200: bothFormats('A list holding the request', Type.Array(ServiceRequest)), ...errorResponses },
      },
    },
    async (request, reply) => send('service_requests')(request, reply, await service.getRequest(ctx, stripFormat(request.params.file), { ...request.query, api_key: request.query.api_key ?? headerKey(request) })),
  );

  app.get(
    '/tokens/:file',
    {
      schema: {
        tags: ['open311'],
        summary: 'The service_request_id behind a token returned by POST (public: tokens are random UUIDs)',
        security: [],
        params: FileParams,
        response: { 200: bothFormats('Id and token', TokenReply), 404: errorResponses[404] },
      },
    },
    async (request, reply) => send('service_requests')(request, reply, await service.getToken(ctx, stripFormat(request.params.file))),
  );
};

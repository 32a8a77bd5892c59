import type { FastifyRequest } from 'fastify';

/** Log paths that must never show a token, password, phone or ID number. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.mobile',
  '*.phone',
  '*.idNumber',
];

/** Query parameters that carry a secret (Open311 partners pass `api_key` in the query string, as the spec says). */
const SECRET_PARAMS = /([?&](?:api_key|token|access_token)=)[^&#]*/gi;

/** A URL fit for a log line: secret query parameters replaced, everything else kept. */
export function scrubUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}

/** Fastify's default request serializer, with the URL scrubbed. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: scrubUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

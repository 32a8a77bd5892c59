import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * GeoReport v2 answers in JSON or XML, chosen by the extension of the resource (`/services.xml`,
 * `/requests/LX….json`); without one, JSON. XML is UTF-8 with the declaration, lists wrapped the way the spec's
 * examples are: <services><service>…, <service_requests><request>…, <errors><error>…
 */
export type Open311Format = 'json' | 'xml';

export const CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The format the URL asks for: the extension of its last path segment. */
export function formatOf(url: string): Open311Format {
  const path = url.split('?')[0] ?? '';
  return /\.xml$/i.test(path) ? 'xml' : 'json';
}

/** "LX2026….json" → "LX2026…": the resource name without its format extension. */
export function stripFormat(segment: string): string {
  return segment.replace(/\.(json|xml)$/i, '');
}

/** Element names of list items, by the name of the list. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

function escapeXml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the five special ones are escaped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** An XML document whose root is `root` holding `body` (a list or an object). */
export function toXml(root: string, body: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, body)}`;
}

/** Send a GeoReport body in the request's format; `root` names the XML root element. */
export function sendOpen311(request: FastifyRequest, reply: FastifyReply, status: number, root: string, body: unknown): FastifyReply {
  const format = formatOf(request.url);
  reply.status(status).header('content-type', CONTENT_TYPES[format]);
  return format === 'xml' ? reply.send(toXml(root, body)) : reply.send(body);
}

/** The spec's error list: [{ code, description }] / <errors><error><code>…</code><description>…</description></error></errors>. */
export function sendOpen311Error(request: FastifyRequest, reply: FastifyReply, status: number, description: string): FastifyReply {
  return sendOpen311(request, reply, status, 'errors', [{ code: status, description }]);
}

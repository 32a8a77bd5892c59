import { vi } from 'vitest';
import type { OrgNode } from '../api/endpoints';

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

type Reply = { status: number; body?: unknown; contentType?: string } | Response;
type Handler = (call: RecordedCall) => Reply | Promise<Reply>;

/**
 * A stand-in for the server at the fetch level, so tests exercise the real API client (headers, error
 * parsing, session handling) and not a mock of it. Handlers are keyed "METHOD /api/v1/path".
 */
export function installFakeApi(handlers: Record<string, Handler>) {
  const calls: RecordedCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://lianxin.test');
    const method = (init?.method ?? 'GET').toUpperCase();
    const call: RecordedCall = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: { ...(init?.headers as Record<string, string> | undefined) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      credentials: init?.credentials,
    };
    calls.push(call);
    const handler = handlers[`${method} ${url.pathname}`];
    const reply: Reply = handler ? await handler(call) : errorReply(404, 'not_found', 'Not found');
    if (reply instanceof Response) return reply;
    if (reply.status === 204) return new Response(null, { status: 204 });
    return new Response(reply.body === undefined ? '' : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': reply.contentType ?? 'application/json; charset=utf-8' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

export function errorReply(status: number, code: string, message: string, details?: unknown): Reply {
  return { status, body: { error: { code, message, messages: { zh: message, en: message }, details } } };
}

export function orgNode(id: number, path: string, overrides: Partial<OrgNode> = {}): OrgNode {
  const ids = path.split('.');
  return {
    id,
    parentId: ids.length > 1 ? Number(ids[ids.length - 2]) : null,
    kind: 'community',
    subkind: null,
    code: null,
    name: `node ${id}`,
    depth: ids.length - 1,
    path,
    childCount: 0,
    ...overrides,
  };
}

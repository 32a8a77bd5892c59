/**
 * Compile-time checks of the typed client, run by `npm run typecheck` (vue-tsc), never at run time: each line below
 * must fail to compile, and @ts-expect-error turns "it compiled" into a typecheck failure. If the client's types
 * ever stop catching a wrong path, a renamed field or a missing parameter, the typecheck says so here.
 */
import type { ApiClient, ApiResponse } from './client';

export function contract(api: ApiClient, detail: ApiResponse<'/requests/{id}', 'get'>): unknown[] {
  return [
    // @ts-expect-error a path the server does not serve
    api.get('/requests/{id}/nothing', { path: { id: 1 } }),
    // @ts-expect-error a method the path does not answer
    api.delete('/me'),
    // @ts-expect-error path parameters are required
    api.get('/requests/{id}'),
    // @ts-expect-error a path parameter of the wrong type
    api.get('/requests/{id}', { path: { id: 'seven' } }),
    // @ts-expect-error a body field the server does not take
    api.post('/requests/{id}/accept', { path: { id: 1 }, body: { urgency: 'urgent' } }),
    // @ts-expect-error a value outside the server's enum
    api.post('/requests/{id}/accept', { path: { id: 1 }, body: { priority: 'very_urgent' } }),
    // @ts-expect-error a required body left out
    api.post('/auth/login'),
    // @ts-expect-error a query key the server does not read
    api.get('/users', { query: { limit: 20, offset: 0, node: 5 } }),
    // @ts-expect-error a field the answer does not carry
    detail.reporterName,
    // @ts-expect-error the answer's field has another type
    detail.number satisfies number,
  ];
}

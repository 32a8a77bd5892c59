import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the app', () => {
  it('answers /healthz', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ok');
  });

  it('publishes an OpenAPI document with the routes and their schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/v1/auth/login'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/v1/me'].get.responses['200']).toBeDefined();
  });

  it('declares what every /api/v1 route answers on success, which the web types its pages with', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
    };
    const undeclared: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [method, op] of Object.entries(item)) {
        const success = Object.entries(op.responses ?? {}).filter(([code]) => code.startsWith('2'));
        // A body-less 204 is declared as such; any other success needs the schema of its body.
        const declared =
          success.length > 0 &&
          success.every(([code, res]) => (code === '204' ? !res.content : Object.values(res.content ?? {}).some((c) => c.schema)));
        if (!declared) undeclared.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('answers unknown API routes with a JSON 404 in the error format', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('not_found');
    expect(res.json().error.messages).toEqual({ zh: expect.any(String), en: expect.any(String) });
  });

  it('redirects / to the staff console', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/console/');
  });

  it('never answers bad input with a 500', async () => {
    const bodies = ['', 'null', '[]', '"x"', '{"username":1,"password":[]}', '{"username":"' + 'x'.repeat(5000) + '","password":"y"}'];
    for (const payload of bodies) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, payload.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, payload.slice(0, 40)).toBeLessThan(500);
      expect(res.json().error.code).toBeTypeOf('string');
    }
  });
});

describe('validation', () => {
  it('keeps null as null in JSON bodies, refuses unknown fields and coerces query strings', async () => {
    const { Type } = await import('typebox');
    const Fastify = (await import('fastify')).default;
    const { validatorCompilers } = await import('./platform/validation.js');
    const app = Fastify({ schemaController: validatorCompilers() });
    app.post(
      '/echo',
      {
        schema: {
          body: Type.Object({ lat: Type.Union([Type.Number(), Type.Null()]), extra: Type.Optional(Type.String()) }, { additionalProperties: false }),
          querystring: Type.Object({ n: Type.Integer() }),
        },
      },
      async (req) => ({ body: req.body, query: req.query }),
    );
    const res = await app.inject({ method: 'POST', url: '/echo?n=20', payload: { lat: null } });
    expect(res.json()).toEqual({ body: { lat: null }, query: { n: 20 } });
    // Unknown fields are refused, not dropped: a misspelt field must not be silently ignored.
    const unknown = await app.inject({ method: 'POST', url: '/echo?n=20', payload: { lat: null, unknown: 1 } });
    expect(unknown.statusCode).toBe(400);
    const bad = await app.inject({ method: 'POST', url: '/echo?n=20', payload: { lat: '40.6' } });
    expect(bad.statusCode).toBe(400);
    await app.close();
  });
});

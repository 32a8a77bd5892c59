import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { errors } from './errors.js';

/**
 * How input is read, in one place for every route:
 * - JSON bodies are strict: no type coercion (`null` stays null), unknown fields are refused (400 naming them), not
 *   silently dropped — a misspelt field must not look like it was saved.
 * - Query strings and path parameters are text. They are turned into numbers and booleans here, strictly: an
 *   integer is optional minus and decimal digits, nothing else (`0x10`, ` 1`, `1e3`, `Infinity` stay text and fail
 *   the integer rule with a 400). Unknown query parameters are ignored (cache busters, tracking).
 * - NaN and ±Infinity are never numbers; every integer schema carries its bounds (platform/schema.ts), so a value
 *   beyond the database's range is a 400, never a database error.
 * - No text anywhere may hold a NUL character or a lone UTF-16 surrogate (installInputGuards).
 */
const common = { useDefaults: true, allErrors: true, strictNumbers: true };

/** A NUL, or a UTF-16 surrogate without its partner. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const INTEGER_TEXT = /^-?(0|[1-9][0-9]*)$/;
const NUMBER_TEXT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

type Schema = Record<string, unknown>;

function typesOf(schema: Schema): string[] {
  const t = schema.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

/** Candidate schemas for a value: the schema itself, or each branch of a union. */
function branches(schema: Schema): Schema[] {
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  return union ? union.flatMap(branches) : [schema];
}

/** One text value read as the scalar its schema wants, or left as text for the validator to refuse. */
function coerceScalar(schemas: Schema[], raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const types = new Set(schemas.flatMap(typesOf));
  const consts = schemas.map((s) => s.const).filter((c) => c !== undefined);
  if (types.has('string') || consts.includes(raw)) return raw;
  if (types.has('integer') && INTEGER_TEXT.test(raw)) return Number(raw);
  if (types.has('number') && NUMBER_TEXT.test(raw)) return Number(raw);
  if (types.has('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (types.has('null') && raw === '') return null;
  return raw;
}

function coerceValue(schema: Schema, raw: unknown): unknown {
  const options = branches(schema);
  const arraySchema = options.find((s) => typesOf(s).includes('array'));
  if (arraySchema) {
    const items = (arraySchema.items ?? {}) as Schema;
    const list = Array.isArray(raw) ? raw : [raw];
    return list.map((item) => coerceScalar(branches(items), item));
  }
  return coerceScalar(options, raw);
}

/** Query strings and params: each named property read from text by its schema (exported for tests). */
export function coerceText(schema: unknown, data: unknown): unknown {
  if (!data || typeof data !== 'object' || !schema || typeof schema !== 'object') return data;
  const properties = ((schema as Schema).properties ?? {}) as Record<string, Schema>;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const [key, value] of Object.entries(out)) {
    const prop = properties[key];
    if (prop) out[key] = coerceValue(prop, value);
  }
  return out;
}

/**
 * A copy of a body schema in which every object refuses properties it does not name (unless the schema says what
 * extra properties may be, or is a free-form value such as Type.Unknown()).
 */
export function strictObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictObjects);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) {
    out[key] = key === 'properties' || key === 'patternProperties' ? mapValues(value as Schema, strictObjects) : strictObjects(value);
  }
  if (typesOf(out).includes('object') && out.properties && out.additionalProperties === undefined && !out.patternProperties) {
    out.additionalProperties = false;
  }
  return out;
}

function mapValues(obj: Schema, fn: (v: unknown) => unknown): Schema {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
type RouteDefinition = { httpPart?: string; schema?: unknown };

export function validatorCompilers(): NonNullable<FastifyServerOptions['schemaController']> {
  const factory = AjvCompiler();
  return {
    compilersFactory: {
      buildValidator(externalSchemas: unknown, ajvOptions: { customOptions?: object; plugins?: unknown[] }) {
        const build = (custom: object) =>
          factory(externalSchemas as never, { ...ajvOptions, customOptions: { ...common, ...custom } } as never) as unknown as (
            route: RouteDefinition,
          ) => Validate;
        const headers = build({ removeAdditional: false, coerceTypes: true });
        const text = build({ removeAdditional: 'all', coerceTypes: false });
        const json = build({ removeAdditional: false, coerceTypes: false });
        return (route: RouteDefinition) => {
          if (route.httpPart === 'headers') return headers(route as never);
          if (route.httpPart === 'body') return json({ ...route, schema: strictObjects(route.schema) } as never);
          const validate = text(route as never);
          return (data: unknown) => {
            const value = coerceText(route.schema, data);
            return validate(value) ? { value } : { error: validate.errors };
          };
        };
      },
    },
  } as NonNullable<FastifyServerOptions['schemaController']>;
}

/** The first place in a value (a path like `body.items.2.name`) where a text is not acceptable, or null. */
export function findBadText(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return BAD_TEXT.test(value) ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  if (Buffer.isBuffer(value)) return null;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const here = `${path}.${key}`;
    if (BAD_TEXT.test(key)) return here;
    const bad = findBadText(item, here, depth + 1);
    if (bad) return bad;
  }
  return null;
}

/**
 * Refuse text a database or a log cannot hold faithfully before any handler sees it: PostgreSQL text cannot
 * store NUL, and a lone surrogate is not Unicode (it fails when encoded to UTF-8).
 */
export function installInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const bad =
      findBadText(request.params, 'params') ?? findBadText(request.query, 'query') ?? findBadText(request.body, 'body');
    if (bad) {
      const field = bad.replace(/^(params|query|body)\./, '');
      throw errors.badRequest(
        'invalid_text',
        `内容含有不允许的字符（空字符或无效的 Unicode 字符）：${field}`,
        `The text contains a character that is not allowed (NUL or invalid Unicode): ${field}`,
        [{ field, rule: 'text' }],
      );
    }
  });
}

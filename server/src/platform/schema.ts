import { Type, type TSchema } from 'typebox';

/**
 * What an id, an integer, a text and a date are — defined once, used by every route's schema. Together with the
 * strict reading of input in platform/validation.ts, a value outside these shapes is a 400 with the field's name,
 * never a database error. A test (schema.test.ts) walks the OpenAPI document and fails on any input integer without
 * bounds, text without a length limit or list without a size limit.
 */

/** PostgreSQL `integer`. */
export const INT4_MAX = 2_147_483_647;

/** A row id of an `integer` identity column. */
export const Id = (options: { description?: string } = {}) => Type.Integer({ minimum: 1, maximum: INT4_MAX, ...options });
/** A row id of a `bigint` identity column (requests, events, notices): as large as JSON numbers stay exact. */
export const BigId = (options: { description?: string } = {}) =>
  Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, ...options });
/** A whole number inside bounds the caller states (both are required: an unbounded integer reaches the database). */
export const Int = (minimum: number, maximum: number, options: { description?: string; default?: number } = {}) =>
  Type.Integer({ minimum, maximum, ...options });
/** A decimal number inside bounds. */
export const Num = (minimum: number, maximum: number, options: { description?: string } = {}) =>
  Type.Number({ minimum, maximum, ...options });

/** Paging: how many rows (1…max, default 20) and how many to skip. */
export const Limit = (max = 200, fallback = 20) => Type.Integer({ minimum: 1, maximum: max, default: fallback });
export const Offset = () => Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 });

/**
 * Text typed by a person: a length limit always; `minLength: 1` and a non-blank pattern when it is required.
 * NUL characters and lone surrogates are refused for every text by installInputGuards.
 */
export const Text = (maxLength: number, options: { minLength?: number; description?: string; pattern?: string } = {}) =>
  Type.String({ maxLength, ...options });
/** Required text that is not only spaces. */
export const RequiredText = (maxLength: number, options: { description?: string } = {}) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', ...options });

/** A calendar date, YYYY-MM-DD, China time. */
export const Day = (options: { description?: string } = {}) =>
  Type.String({ format: 'date', description: 'A date, YYYY-MM-DD (China time)', examples: ['2026-03-03'], ...options });
/** An instant with its offset; responses use China time. */
export const Instant = (options: { description?: string } = {}) =>
  Type.String({
    format: 'date-time',
    description: 'An instant with its offset; responses use China time, e.g. 2026-03-03T19:00:00+08:00',
    examples: ['2026-03-03T19:00:00+08:00'],
    ...options,
  });
export const Uuid = (options: { description?: string } = {}) => Type.String({ format: 'uuid', ...options });

/** Nullable in replies (anyOf). Inputs use a `type` list instead (see NullableInput), so nothing turns null into 0. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** `{ id }` path parameters. */
export const IdParams = Type.Object({ id: Id() });
export const BigIdParams = Type.Object({ id: BigId() });
export const UuidParams = Type.Object({ id: Uuid() });

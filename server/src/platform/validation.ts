import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

const common = { removeAdditional: 'all' as const, useDefaults: true, allErrors: true };

/**
 * Two validators: query strings, params and headers are text, so they are coerced ("20" → 20); JSON bodies are
 * not, so `null` stays null (a coercing Ajv turns `"lat": null` into 0 for a nullable number — a real bug).
 */
export function validatorCompilers(): NonNullable<FastifyServerOptions['schemaController']> {
  const factory = AjvCompiler();
  return {
    compilersFactory: {
      buildValidator(externalSchemas: unknown, ajvOptions: { customOptions?: object; plugins?: unknown[] }) {
        const text = factory(externalSchemas as never, { ...ajvOptions, customOptions: { ...common, coerceTypes: 'array' } } as never);
        const json = factory(externalSchemas as never, { ...ajvOptions, customOptions: { ...common, coerceTypes: false } } as never);
        return (route: { httpPart?: string }) => (route.httpPart === 'body' ? json(route as never) : text(route as never));
      },
    },
  } as NonNullable<FastifyServerOptions['schemaController']>;
}

/** The operations of the app's OpenAPI document, with their input schemas, for tests that sweep every route. */
export type JsonSchema = Record<string, unknown>;

export interface Operation {
  method: string;
  /** OpenAPI path with {params}. */
  path: string;
  params: { name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema }[];
  body: JsonSchema | null;
  bodyType: string | null;
  /** True when the operation declares no security (anonymous). */
  anonymous: boolean;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, {
    parameters?: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
    requestBody?: { content: Record<string, { schema: JsonSchema }> };
    security?: unknown[];
  }>>;
}

export function operationsOf(doc: unknown): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries((doc as OpenApiDoc).paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      const bodyType = Object.keys(content)[0] ?? null;
      out.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? [])
          .filter((p) => p.in === 'path' || p.in === 'query')
          .map((p) => ({ name: p.name, in: p.in as 'path' | 'query', required: Boolean(p.required), schema: p.schema })),
        body: bodyType ? content[bodyType]!.schema : null,
        bodyType,
        anonymous: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return out;
}

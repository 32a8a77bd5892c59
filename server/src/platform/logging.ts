import type { FastifyInstance, FastifyRequest } from 'fastify';
import pinoPretty from 'pino-pretty';

/**
 * What a log line may carry. Logs go to files and terminals that many people read, so they never hold a parameter
 * value, a token, a password (or its hash), a phone number or an ID number:
 * - requests are logged by method, path and the *names* of their query parameters;
 * - a failed database statement is logged by its error code, its kind and table ("insert into requests") and the
 *   constraint it broke — never the SQL's parameters, which Drizzle puts into the error's message;
 * - as a last net, every line written is scanned for mobile numbers, ID numbers and password hashes (scrubLine).
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.mobile',
  '*.phone',
  '*.idNumber',
];

/** A URL fit for a log line: the path, and the names of the query parameters without their values. */
export function scrubUrl(url: string): string {
  const hash = url.indexOf('#');
  const bare = hash >= 0 ? url.slice(0, hash) : url;
  const q = bare.indexOf('?');
  if (q < 0) return bare;
  const names = bare
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=…`);
  return `${bare.slice(0, q)}?${names.join('&')}`;
}

/** Fastify's request serializer, with the URL scrubbed. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: scrubUrl(request.url),
    route: request.routeOptions?.url,
    remoteAddress: request.ip,
  };
}

interface DbErrorFields {
  code?: string;
  constraint?: string;
  table?: string;
  severity?: string;
  routine?: string;
}

const STATEMENT = /^\s*(select|insert\s+into|update|delete\s+from|with|create|alter|drop|truncate|copy|lock)\s+("?[\w.]+"?)?/i;

/** "insert into requests", "update users": what a statement did, without any of its text after the table. */
export function statementName(sql: unknown): string | undefined {
  if (typeof sql !== 'string') return undefined;
  const m = STATEMENT.exec(sql);
  if (!m) return 'statement';
  return [m[1]!.toLowerCase().replace(/\s+/g, ' '), m[2]?.replace(/"/g, '')].filter(Boolean).join(' ');
}

function causeChain(err: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let cur = err;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    out.push(cur as Record<string, unknown>);
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

/**
 * An error as a log entry. A database error becomes its SQLSTATE code, the statement's name and the constraint;
 * the message of any error is scrubbed, and the stack keeps only its frames (its head repeats the message).
 */
export interface LoggedError {
  type: string;
  message: string;
  stack: string;
  [key: string]: unknown;
}

export function serializeError(err: unknown): LoggedError {
  if (!err || typeof err !== 'object') return { type: typeof err, message: scrubLine(String(err)), stack: '' };
  const chain = causeChain(err);
  const withQuery = chain.find((e) => typeof e.query === 'string');
  const db = chain.find((e) => typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code as string)) as DbErrorFields | undefined;
  const e = err as Error & { code?: unknown; statusCode?: unknown };
  // Only the frames: the stack starts with the message, which may span lines (Drizzle adds the parameters there).
  const stack = typeof e.stack === 'string' ? e.stack.split('\n').filter((l) => /^\s+at /.test(l)).join('\n') : '';
  if (withQuery || db) {
    return {
      type: 'DatabaseError',
      code: db?.code,
      statement: statementName(withQuery?.query),
      constraint: db?.constraint,
      table: db?.table,
      message: db?.code ? `database error ${db.code}` : 'database error',
      stack,
    };
  }
  return {
    type: e.name ?? 'Error',
    message: scrubLine(typeof e.message === 'string' ? e.message : ''),
    code: typeof e.code === 'string' ? e.code : undefined,
    statusCode: typeof e.statusCode === 'number' ? e.statusCode : undefined,
    stack,
  };
}

/** Mainland mobile numbers (not inside longer digit runs), ID numbers (GB 11643), and scrypt password hashes. */
const MOBILE = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/g;
const ID_NUMBER = /(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])/g;
const PASSWORD_HASH = /scrypt\$[0-9]+\$[0-9]+\$[0-9]+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+/g;

/** A log line with phone numbers, ID numbers and password hashes replaced (the last net: lines are also built to hold none). */
export function scrubLine(line: string): string {
  return line.replace(PASSWORD_HASH, '[redacted-hash]').replace(ID_NUMBER, '[redacted-id]').replace(MOBILE, '[redacted-mobile]');
}

/** pino options every Lianxin logger uses (the app's, and tests that capture lines). */
export function loggerOptions(level: string) {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: { req: serializeRequest, err: serializeError, error: serializeError },
    hooks: { streamWrite: scrubLine },
  };
}

/**
 * For a person at a terminal: one readable line per event ("19:02:11 INFO GET /api/v1/me 200 4 ms"), colour, no
 * pid or hostname. Machines reading the output (a service manager, a log shipper) get JSON lines instead.
 */
export function terminalLoggerOptions(level: string) {
  return {
    ...loggerOptions(level),
    stream: pinoPretty({
      colorize: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,reqId,req,res,responseTime,route',
      singleLine: true,
      sync: true,
    }),
  };
}

/**
 * One line per answered request (Fastify's own logging writes two: "incoming request" and "request completed").
 * Pages and assets are logged at debug level: a page load fetches dozens of them.
 */
export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const api = request.url.startsWith('/api/') || request.url.startsWith('/open311/');
    const level = reply.statusCode >= 500 ? 'error' : api ? 'info' : 'debug';
    const ms = Math.round(reply.elapsedTime);
    request.log[level](
      { req: request, res: { statusCode: reply.statusCode }, responseTime: ms },
      `${request.method} ${scrubUrl(request.url)} ${reply.statusCode} ${ms} ms`,
    );
  });
}

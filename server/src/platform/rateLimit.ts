import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { CounterStore } from './counters.js';
import { errors } from './errors.js';

/**
 * Limits per class of route, counted per signed-in user (or per address for anonymous callers and partner keys),
 * in fixed windows kept in the counter store (memory for one process, Redis for several). A route joins a class
 * with `config: { rateLimit: 'intake' }`; a refused call is 429 with Retry-After.
 *
 * The figures leave room for real work — a busy dispatcher entering phone calls, a grid worker's patrol photos —
 * and stop a script: 100 requests filed in 8 s, 30 uploads in a second.
 */
export interface LimitRule {
  limit: number;
  windowMs: number;
}

export const RATE_LIMITS = {
  /** Sign-in attempts from one address, right or wrong (wrong ones are also throttled per account: auth.throttle). */
  signin: { limit: 30, windowMs: 10 * 60_000 },
  /** One-time codes asked for (per address; per number in the code service). */
  otp: { limit: 10, windowMs: 60 * 60_000 },
  /** New requests filed (residents, staff on someone's behalf, Open311 partners, "me too"). */
  intake: { limit: 30, windowMs: 10 * 60_000 },
  /** Image uploads: a report has up to nine photos. */
  upload: { limit: 60, windowMs: 10 * 60_000 },
  /** Partner systems filing through Open311 (a city hotline forwards many orders), per api key. */
  partner: { limit: 600, windowMs: 10 * 60_000 },
  /** Spreadsheet exports and imports: each is a long job. */
  export: { limit: 10, windowMs: 10 * 60_000 },
  /** Full views of a resident's record (ID number, mobile): someone opening many in a row is harvesting them. */
  fullView: { limit: 60, windowMs: 10 * 60_000 },
  /** The hall's ticket kiosk (public, per address): one tablet prints for everyone who walks in, so more than intake. */
  kiosk: { limit: 240, windowMs: 10 * 60_000 },
  /** Public look-ups without sign-in (a certificate's serial, published recognition lists): per address. */
  publicLookup: { limit: 30, windowMs: 60_000 },
} as const satisfies Record<string, LimitRule>;

export type LimitClass = keyof typeof RATE_LIMITS;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The rate-limit class of a route (platform/rateLimit.ts). */
    rateLimit?: LimitClass;
  }
}

/** Who is counted: the user, the partner's api key (by its hash: the key itself is a secret), or the address. */
export function limitSubject(request: FastifyRequest): string {
  if (request.principal) return `u${request.principal.userId}`;
  const header = request.headers['x-api-key'];
  const param = (request.query as { api_key?: unknown } | undefined)?.api_key ?? (request.body as { api_key?: unknown } | undefined)?.api_key;
  const key = typeof header === 'string' ? header : typeof param === 'string' ? param : undefined;
  if (key) return `k${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
  return `ip${request.ip}`;
}

/** Limits an operator changed from the defaults (config: SIGNIN_LIMIT_PER_ADDRESS). */
export type LimitOverrides = Partial<Record<LimitClass, number>>;

/** Count one call of a class for a subject; throws 429 when the window is full. */
export async function consume(
  store: CounterStore,
  cls: LimitClass,
  subject: string,
  message?: { zh: string; en: string },
  overrides: LimitOverrides = {},
): Promise<void> {
  const rule: LimitRule = RATE_LIMITS[cls];
  const limit = overrides[cls] ?? rule.limit;
  const { count, resetInMs } = await store.hit(`rl:${cls}:${subject}`, rule.windowMs);
  if (count > limit) throw errors.rateLimited(Math.max(1, Math.ceil(resetInMs / 1000)), message?.zh, message?.en);
}

export const rateLimitPlugin = fp<{ store: CounterStore; overrides?: LimitOverrides }>(async (app: FastifyInstance, { store, overrides = {} }) => {
  app.addHook('onRoute', (route) => {
    const cls = route.config?.rateLimit;
    if (!cls) return;
    const check = async (request: FastifyRequest) => consume(store, cls, limitSubject(request), undefined, overrides);
    const pre = Array.isArray(route.preHandler) ? route.preHandler : route.preHandler ? [route.preHandler] : [];
    // After authentication (onRequest) and validation, before the handler: a refused call does no work.
    route.preHandler = [check, ...pre];
  });
});

import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { errors } from './errors.js';

/**
 * What every response and every state change goes through, whatever the route:
 * - security headers (CSP the console and phone pages pass, no framing, no referrer beyond our origin, nosniff);
 * - cross-site request forgery: a change authenticated by the session cookie must come from our own origin;
 * - "who are you" before "what did you send": a route that needs a signed-in user answers 401 before it looks at
 *   the input, so an anonymous caller learns nothing about field names.
 */

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin the request was addressed to (behind a trusted proxy, the one the browser saw). */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * Whether a state-changing request may act on the session cookie. Browsers send Origin with every POST/PUT/
 * PATCH/DELETE (fetch, forms, text/plain too); when a privacy setting strips it, Sec-Fetch-Site still says where the
 * request came from. A request with neither is not from a browser page we served, and cookie-less callers (Bearer
 * tokens, API keys) are unaffected.
 */
export function isSameOrigin(request: FastifyRequest, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    return origin === ownOrigin(request) || allowed.includes(origin);
  }
  return request.headers['sec-fetch-site'] === 'same-origin';
}

/** Sign-in also sets the cookie: a foreign page must not sign a victim in to the attacker's account either. */
function needsOriginCheck(request: FastifyRequest): boolean {
  if (!UNSAFE.has(request.method)) return false;
  if (request.authVia === 'cookie') return true;
  const path = request.url.split('?')[0];
  return path === '/api/v1/auth/login' && (request.headers.origin !== undefined || request.headers['sec-fetch-site'] !== undefined);
}

export interface SecurityOptions {
  config: Config;
  /** Extra image sources for map tiles, e.g. https://t0.tianditu.gov.cn (from configuration). */
  imageSources?: string[];
}

export const securityPlugin = fp<SecurityOptions>(async (app: FastifyInstance, opts) => {
  const { config } = opts;
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Element Plus and Vant set style attributes at run time (positions, sizes): inline styles, never scripts.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...(opts.imageSources ?? [])],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Same-origin: our own pages keep full referrers; other sites get none (request ids, tokens in paths stay here).
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    // HSTS only where HTTPS is certain; a laptop on http://localhost must not be pinned to https.
    strictTransportSecurity: config.secureCookies ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
    // The phone pages open map tiles and images from configured hosts.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });

  app.addHook('onRequest', async (request) => {
    if (needsOriginCheck(request) && !isSameOrigin(request, config.allowedOrigins)) {
      throw errors.crossOrigin();
    }
  });
});

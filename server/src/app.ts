import { localPersonalDataKeys, PersonalCipher } from './platform/personalCrypto.js';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { authPlugin } from './platform/auth.js';
import { systemClock, type Clock } from './platform/clock.js';
import { createCounterStore } from './platform/counters.js';
import type { AppContext } from './platform/context.js';
import { installErrorHandler, renderError } from './platform/errorHandler.js';
import { errors } from './platform/errors.js';
import { EventBus } from './platform/events.js';
import { JobRunner } from './platform/jobs.js';
import { installInputGuards, validatorCompilers } from './platform/validation.js';
import { installRequestLog, loggerOptions } from './platform/logging.js';
import { installOperations } from './platform/operations.js';
import { rateLimitPlugin } from './platform/rateLimit.js';
import { securityPlugin } from './platform/security.js';
import { modules } from './modules/index.js';

export interface BuildOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** Start the periodic job timers when the app is ready (the server does; tests run jobs by hand). */
  startJobs?: boolean;
}

export type App = FastifyInstance & { ctx: AppContext };

export async function buildApp(opts: BuildOptions): Promise<App> {
  const clock = opts.clock ?? systemClock;
  const ctx: AppContext = {
    database: opts.database,
    db: opts.database.db,
    clock,
    config: opts.config,
    bus: new EventBus(),
    jobs: new JobRunner(clock),
    counters: createCounterStore(opts.config.redisUrl, clock),
    personal: new PersonalCipher(opts.config.personalData ?? localPersonalDataKeys(opts.config.dataDir)),
  };
  const app = Fastify({
    logger: opts.logger ?? loggerOptions(opts.config.logLevel),
    // Fastify accepts a hop count too (proxy-addr); its type list leaves numbers out.
    trustProxy: opts.config.trustProxy as boolean | string[],
    bodyLimit: 1024 * 1024,
    // One line per request instead of two (installRequestLog).
    logController: new LogController({ disableRequestLogging: true }),
    schemaController: validatorCompilers(),
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandler(app);
  installInputGuards(app);
  installRequestLog(app);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Lianxin 连心 API', version: '0.1.0', description: '党群服务中心与网格化治理平台' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'lianxin_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: opts.config.maxUploadBytes, files: 9, fields: 20, fieldSize: 64 * 1024 },
    throwFileSizeLimit: true,
  });
  await app.register(authPlugin, { db: ctx.db, clock: ctx.clock });
  await app.register(securityPlugin, { config: opts.config, imageSources: opts.config.map.imageOrigins });
  await app.register(rateLimitPlugin, { store: ctx.counters, overrides: { signin: opts.config.signinLimitPerAddress } });

  // /healthz, /readyz, /metrics, and the multi-process parts on PostgreSQL.
  installOperations(app, ctx);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const mod of modules) {
    await app.register(mod.plugin, { prefix: mod.prefix, ctx });
  }
  registerWeb(app, opts.config.webDist);
  if (opts.startJobs) app.addHook('onReady', async () => ctx.jobs.start());
  app.addHook('onClose', async () => {
    await ctx.jobs.stop();
    await ctx.counters.close();
  });

  const out = app as unknown as App;
  out.decorate('ctx', ctx);
  return out;
}

/** The built web pages: /console/ (staff) and /m/ (residents), each a single-page app with deep links. */
function registerWeb(app: FastifyInstance, webDist: string): void {
  const hasWeb = fs.existsSync(path.join(webDist, 'console', 'index.html'));
  if (hasWeb) {
    app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: false });
  }
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/console/'));
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (request.method === 'GET' && !url.startsWith('/api/') && hasWeb) {
      const under = (prefix: string) => url === prefix || url.startsWith(`${prefix}/`);
      const spa = under('/m') ? 'm' : under('/console') ? 'console' : null;
      if (spa) return reply.type('text/html').sendFile(`${spa}/index.html`);
    }
    return renderError(request, reply, errors.notFound());
  });
}

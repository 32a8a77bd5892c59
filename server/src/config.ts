import path from 'node:path';

/**
 * Every environment variable Lianxin reads, validated once and typed.
 * Nothing else in the code base reads process.env.
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL server; when absent the embedded PGlite database under dataDir is used. */
  databaseUrl: string | undefined;
  /** Load the demo data set on first start (never in production). */
  seedDemo: boolean;
  sessionTtlHours: number;
  logLevel: string;
  /** Upload size limit in bytes. */
  maxUploadBytes: number;
  /** Directory holding the built web pages (web/dist). */
  webDist: string;
  /** Mark cookies Secure (behind HTTPS). */
  secureCookies: boolean;
  /** Bearer token that opens GET /metrics (Prometheus); without one the endpoint does not exist. */
  metricsToken: string | undefined;
}

export class ConfigError extends Error {}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function boolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const seedDemo = boolVar(env, 'SEED_DEMO', nodeEnv !== 'production');
  if (seedDemo && nodeEnv === 'production') {
    throw new ConfigError('SEED_DEMO is refused when NODE_ENV=production: demo accounts have a published password');
  }
  return {
    env: nodeEnv,
    port: intVar(env, 'PORT', 8080, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || './data'),
    databaseUrl,
    seedDemo,
    sessionTtlHours: intVar(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90),
    logLevel: env.LOG_LEVEL?.trim() || (nodeEnv === 'test' ? 'silent' : 'info'),
    maxUploadBytes: intVar(env, 'MAX_UPLOAD_MB', 10, 1, 100) * 1024 * 1024,
    webDist: path.resolve(cwd, env.WEB_DIST?.trim() || path.join(import.meta.dirname, '../../web/dist')),
    secureCookies: boolVar(env, 'SECURE_COOKIES', false),
    metricsToken: metricsToken(env),
  };
}

function metricsToken(env: NodeJS.ProcessEnv): string | undefined {
  const token = env.METRICS_TOKEN?.trim() || undefined;
  if (token !== undefined && !/^[\x21-\x7e]{24,200}$/.test(token)) {
    throw new ConfigError('METRICS_TOKEN must be 24 to 200 printable characters without spaces (e.g. `openssl rand -hex 24`)');
  }
  return token;
}

/** Connection string for tests against a PostgreSQL server (see server/test/db.ts). */
export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.TEST_DATABASE_URL?.trim() || undefined;
}

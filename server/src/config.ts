import path from 'node:path';
import { parsePersonalDataKeys, testPersonalDataKeys, type PersonalDataKeys } from './platform/personalCrypto.js';

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
  /** pretty: readable lines for a person at a terminal; json: one JSON object per line; auto: pretty on a terminal. */
  logFormat: 'auto' | 'pretty' | 'json';
  /** Upload size limit in bytes. */
  maxUploadBytes: number;
  /** Directory holding the built web pages (web/dist). */
  webDist: string;
  /** Mark cookies Secure even when a request does not arrive over HTTPS (they always are when it does). */
  secureCookies: boolean;
  /**
   * Which reverse proxies to believe about the client's address and protocol (X-Forwarded-For/-Proto/-Host):
   * false (none, the default), true (any), a number of hops, or addresses/CIDRs. Fastify's `trustProxy`.
   */
  trustProxy: boolean | number | string[];
  /** Redis for counters shared by several server processes (rate limits, sign-in throttling); memory otherwise. */
  redisUrl: string | undefined;
  /**
   * Origins besides the server's own that may send cookie-authenticated changes (e.g. the public https origin
   * when a proxy rewrites Host). Each is scheme://host[:port].
   */
  allowedOrigins: string[];
  /** Bearer token that opens GET /metrics (Prometheus); without one the endpoint does not exist. */
  metricsToken: string | undefined;
  /**
   * Sign-ins allowed from one address in ten minutes (right or wrong). Raise it where many people share one
   * address — a service hall's Wi-Fi behind one NAT, a class of residents learning the app together.
   */
  signinLimitPerAddress: number;
  /**
   * Keys for ID numbers at rest (PERSONAL_DATA_KEYS, PERSONAL_DATA_HASH_KEY). Required in production; tests use
   * fixed keys; a development machine without them makes its own under DATA_DIR/secrets (main.ts).
   */
  personalData: PersonalDataKeys | null;
  /** Background tiles under the map's own layers (grid polygons, buildings, points); none on an intranet. */
  map: MapConfig;
  /** Text messages (sign-in codes): SMS_SENDER and the gateway's settings (docs/operations.md). */
  sms: SmsConfig;
}

export const SMS_SENDERS = ['none', 'log', 'http'] as const;

/**
 * none: no text messages (residents cannot sign up with a code; the production default until a gateway is set);
 * log: the development sender — the message goes to the server log and DATA_DIR/dev-sms.log (refused in production);
 * http: a gateway that takes JSON over HTTPS (platform/smsSenders.ts).
 */
export interface SmsConfig {
  sender: (typeof SMS_SENDERS)[number];
  httpUrl: string | undefined;
  httpToken: string | undefined;
  /** 短信签名, e.g. 【连心】; the gateway checks it against the signatures registered with the carrier. */
  signName: string;
  /** The gateway's template id for the sign-in code message (a template with one parameter, `code`). */
  templateId: string | undefined;
}

export const MAP_TILE_SOURCES = ['none', 'tianditu', 'custom'] as const;
/** WGS-84 (天地图, CGCS2000 is the same within centimetres) or GCJ-02 (AMap, Tencent). */
export const MAP_TILE_COORDS = ['wgs84', 'gcj02'] as const;

export interface MapTileLayer {
  /** Leaflet URL template: {z} {x} {y}, optionally {s} for one of `subdomains`. */
  url: string;
  subdomains: string[];
}

export interface MapConfig {
  tiles: (typeof MAP_TILE_SOURCES)[number];
  /** Drawn bottom first (天地图: the vector map, then its labels). Empty when tiles is none. */
  layers: MapTileLayer[];
  attribution: string;
  /** Coordinate system of the tiles: our data is WGS-84, the web converts for GCJ-02 tiles. */
  coords: (typeof MAP_TILE_COORDS)[number];
  maxZoom: number;
  /** Origins the tiles come from (https://t0.tianditu.gov.cn …), the only image hosts the CSP adds. */
  imageOrigins: string[];
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

function enumVar<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (!(values as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}

function boolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function trustProxyVar(env: NodeJS.ProcessEnv): Config['trustProxy'] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return false;
  if (['true', 'false'].includes(raw.toLowerCase())) return raw.toLowerCase() === 'true';
  if (/^[0-9]+$/.test(raw)) return Number(raw);
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.some((s) => !/^[0-9a-fA-F.:/]+$/.test(s) && s !== 'loopback' && s !== 'linklocal' && s !== 'uniquelocal')) {
    throw new ConfigError(`TRUST_PROXY must be true, false, a number of hops or addresses/CIDRs, got "${raw}"`);
  }
  return list;
}

function redisUrlVar(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return undefined;
  if (!/^rediss?:\/\//.test(raw)) throw new ConfigError('REDIS_URL must start with redis:// or rediss://');
  return raw;
}

function originsVar(env: NodeJS.ProcessEnv): string[] {
  const raw = env.ALLOWED_ORIGINS?.trim();
  if (!raw) return [];
  return raw.split(',').map((s) => {
    const value = s.trim();
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError(`ALLOWED_ORIGINS: "${value}" is not an origin like https://lianxin.example.cn`);
    }
    if (!['http:', 'https:'].includes(url.protocol) || url.origin !== value.replace(/\/$/, '')) {
      throw new ConfigError(`ALLOWED_ORIGINS: "${value}" is not an origin like https://lianxin.example.cn`);
    }
    return url.origin;
  });
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
    // Only this machine by default: the demo accounts' password is published. HOST=0.0.0.0 serves a network.
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || './data'),
    databaseUrl,
    seedDemo,
    sessionTtlHours: intVar(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90),
    signinLimitPerAddress: intVar(env, 'SIGNIN_LIMIT_PER_ADDRESS', 30, 5, 100_000),
    logLevel: env.LOG_LEVEL?.trim() || (nodeEnv === 'test' ? 'silent' : 'info'),
    logFormat: enumVar(env, 'LOG_FORMAT', ['auto', 'pretty', 'json'] as const, 'auto'),
    maxUploadBytes: intVar(env, 'MAX_UPLOAD_MB', 10, 1, 100) * 1024 * 1024,
    webDist: path.resolve(cwd, env.WEB_DIST?.trim() || path.join(import.meta.dirname, '../../web/dist')),
    secureCookies: boolVar(env, 'SECURE_COOKIES', false),
    trustProxy: trustProxyVar(env),
    redisUrl: redisUrlVar(env),
    allowedOrigins: originsVar(env),
    metricsToken: metricsToken(env),
    map: mapConfig(env),
    personalData: personalDataVar(env, nodeEnv),
    sms: smsConfig(env, nodeEnv),
  };
}

function smsConfig(env: NodeJS.ProcessEnv, nodeEnv: Config['env']): SmsConfig {
  const sender = enumVar(env, 'SMS_SENDER', SMS_SENDERS, nodeEnv === 'production' ? 'none' : 'log');
  if (sender === 'log' && nodeEnv === 'production') {
    throw new ConfigError('SMS_SENDER=log is refused when NODE_ENV=production: it writes sign-in codes to the log; use SMS_SENDER=http');
  }
  const signName = env.SMS_SIGN_NAME?.trim() || '连心';
  if (signName.length > 20 || /[<>]/.test(signName)) throw new ConfigError('SMS_SIGN_NAME must be plain text of at most 20 characters');
  const templateId = env.SMS_TEMPLATE_ID?.trim() || undefined;
  if (templateId !== undefined && !/^[\x21-\x7e]{1,64}$/.test(templateId)) throw new ConfigError('SMS_TEMPLATE_ID must be 1 to 64 printable characters');
  const httpToken = env.SMS_HTTP_TOKEN?.trim() || undefined;
  const rawUrl = env.SMS_HTTP_URL?.trim() || undefined;
  if (sender !== 'http') return { sender, httpUrl: undefined, httpToken: undefined, signName, templateId };
  let url: URL | null = null;
  try {
    url = rawUrl ? new URL(rawUrl) : null;
  } catch {
    url = null;
  }
  const schemes = nodeEnv === 'production' ? ['https:'] : ['https:', 'http:'];
  if (!url || !schemes.includes(url.protocol)) {
    throw new ConfigError(`SMS_SENDER=http needs SMS_HTTP_URL: the gateway's ${nodeEnv === 'production' ? 'https' : 'http(s)'} address that takes the JSON message`);
  }
  if (!httpToken || !/^[\x21-\x7e]{16,500}$/.test(httpToken)) {
    throw new ConfigError('SMS_SENDER=http needs SMS_HTTP_TOKEN: 16 to 500 printable characters (sent as Authorization: Bearer …)');
  }
  if (!templateId) throw new ConfigError('SMS_SENDER=http needs SMS_TEMPLATE_ID: the gateway template for the sign-in code');
  return { sender, httpUrl: url.toString(), httpToken, signName, templateId };
}

const TIANDITU_SUBDOMAINS = ['0', '1', '2', '3', '4', '5', '6', '7'];

/** 天地图 web-Mercator (…_w) WMTS tiles: the vector map and its Chinese labels. */
function tiandituLayer(layer: 'vec' | 'cva', key: string): MapTileLayer {
  return {
    url:
      `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default` +
      `&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${key}`,
    subdomains: TIANDITU_SUBDOMAINS,
  };
}

/** The origins a tile template can reach: one per subdomain when the host holds {s}. */
export function tileOrigins(layers: MapTileLayer[]): string[] {
  const out = new Set<string>();
  for (const layer of layers) {
    const hosts = layer.url.includes('{s}') ? layer.subdomains.map((s) => layer.url.replaceAll('{s}', s)) : [layer.url];
    for (const url of hosts) out.add(new URL(url.replace(/\{[a-z]\}/g, '0')).origin);
  }
  return [...out];
}

function mapConfig(env: NodeJS.ProcessEnv): MapConfig {
  const tiles = enumVar(env, 'MAP_TILES', MAP_TILE_SOURCES, 'none');
  const maxZoom = intVar(env, 'MAP_MAX_ZOOM', 18, 1, 22);
  const attributionRaw = env.MAP_TILE_ATTRIBUTION?.trim() ?? '';
  if (attributionRaw.length > 200 || /[<>]/.test(attributionRaw)) {
    throw new ConfigError('MAP_TILE_ATTRIBUTION must be plain text of at most 200 characters (no < or >)');
  }
  if (tiles === 'none') return { tiles, layers: [], attribution: '', coords: 'wgs84', maxZoom, imageOrigins: [] };
  if (tiles === 'tianditu') {
    const key = env.TIANDITU_KEY?.trim() ?? '';
    if (!/^[0-9A-Za-z]{16,64}$/.test(key)) {
      throw new ConfigError('MAP_TILES=tianditu needs TIANDITU_KEY: the browser key (浏览器端) from console.tianditu.gov.cn, 16 to 64 letters and digits');
    }
    const layers = [tiandituLayer('vec', key), tiandituLayer('cva', key)];
    return { tiles, layers, attribution: attributionRaw || '天地图 GS(2024)0650号', coords: 'wgs84', maxZoom, imageOrigins: tileOrigins(layers) };
  }
  const url = env.MAP_TILE_URL?.trim() ?? '';
  let parsed: URL | null = null;
  try {
    parsed = new URL(url.replaceAll('{s}', 'a').replace(/\{[a-z]\}/g, '0'));
  } catch {
    parsed = null;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || !['{z}', '{x}', '{y}'].every((p) => url.includes(p)) || url.length > 500) {
    throw new ConfigError('MAP_TILES=custom needs MAP_TILE_URL: an http(s) tile template with {z}, {x} and {y} (and {s} for subdomains), e.g. https://tiles.example.cn/{z}/{x}/{y}.png');
  }
  const subdomainsRaw = env.MAP_TILE_SUBDOMAINS?.trim();
  const subdomains = subdomainsRaw ? subdomainsRaw.split(',').map((s) => s.trim()).filter(Boolean) : ['a', 'b', 'c'];
  if (subdomains.length > 10 || subdomains.some((s) => !/^[0-9A-Za-z-]{1,20}$/.test(s))) {
    throw new ConfigError('MAP_TILE_SUBDOMAINS must be up to 10 comma-separated host labels, e.g. 0,1,2,3');
  }
  const layers = [{ url, subdomains: url.includes('{s}') ? subdomains : [] }];
  const coords = enumVar(env, 'MAP_TILE_COORDS', MAP_TILE_COORDS, 'wgs84');
  return { tiles, layers, attribution: attributionRaw, coords, maxZoom, imageOrigins: tileOrigins(layers) };
}

function personalDataVar(env: NodeJS.ProcessEnv, nodeEnv: Config['env']): PersonalDataKeys | null {
  let keys: PersonalDataKeys | null;
  try {
    keys = parsePersonalDataKeys(env.PERSONAL_DATA_KEYS, env.PERSONAL_DATA_HASH_KEY);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  if (keys) return keys;
  if (nodeEnv === 'production') {
    throw new ConfigError('NODE_ENV=production needs PERSONAL_DATA_KEYS and PERSONAL_DATA_HASH_KEY (ID numbers are encrypted at rest): see docs/operations.md');
  }
  return nodeEnv === 'test' ? testPersonalDataKeys() : null;
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

/** Redis for tests of the shared counters (the machines run one on 127.0.0.1:6379). */
export function testRedisUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
}

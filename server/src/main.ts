import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/client.js';
import { DataDirInUseError } from './db/dataDirLock.js';
import { migrate } from './db/migrate.js';
import { seedOnFirstStart } from './demo/index.js';
import { loggerOptions, terminalLoggerOptions } from './platform/logging.js';
import { gracefulShutdown, shutdownOnSignals } from './platform/shutdown.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const where = config.databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : `embedded PGlite at ${config.dataDir}/pglite`;
  console.log(`Lianxin 连心: opening the ${where}`);
  let database;
  try {
    database = await openDatabase(config);
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const { applied } = await migrate(database);
  if (applied) console.log(`Applied ${applied} migration(s)`);
  // The division tree is loaded on every first start; the demo places and accounts only when SEED_DEMO is on.
  const demoLoaded = config.seedDemo;
  await seedOnFirstStart(database, { log: (line) => process.stdout.write(line), env: config.env, demo: config.seedDemo, config });

  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  const logger = pretty ? terminalLoggerOptions(config.logLevel) : loggerOptions(config.logLevel);
  const app = await buildApp({ config, database, startJobs: true, logger });
  shutdownOnSignals(gracefulShutdown({ app, database, log: app.log }));

  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as { port: number }).port;
  console.log(readyBlock(config, port, demoLoaded));
}

/** What a newcomer needs after `npm start`: where to go, and (with the demo) whom to sign in as. */
function readyBlock(config: Config, port: number, demo: boolean): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const lines = [
    '',
    'Lianxin 连心 is ready',
    `  staff console  工作台   ${base}/console/`,
    `  resident pages 居民端   ${base}/m/`,
    `  API            ${base}/api/openapi.json`,
  ];
  if (config.host === '127.0.0.1' || config.host === 'localhost') lines.push('  (this machine only; HOST=0.0.0.0 serves the network — see README)');
  if (demo) {
    lines.push(
      '',
      '  demo accounts, password Demo@2026:',
      '    admin · qingshan.admin (district) · baoli.staff (community staff) · baoli.grid1 (grid worker)',
      '    resident.baoli · resident.caoyuan (residents) · baoli.muhong (dance-team leader)',
    );
  }
  return `${lines.join('\n')}\n`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

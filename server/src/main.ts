import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { DataDirInUseError } from './db/dataDirLock.js';
import { migrate } from './db/migrate.js';
import { seedOnFirstStart } from './db/seed/firstStart.js';
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
  await seedOnFirstStart(database.db, { log: (line) => process.stdout.write(line), env: config.env, demo: config.seedDemo });

  const app = await buildApp({ config, database, startJobs: true });
  shutdownOnSignals(gracefulShutdown({ app, database, log: app.log }));

  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as { port: number }).port;
  console.log(`\nLianxin is ready:\n  staff console   http://localhost:${port}/console/\n  resident pages  http://localhost:${port}/m/\n  API docs        http://localhost:${port}/api/openapi.json\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

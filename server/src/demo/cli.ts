import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { seedAll } from './index.js';

/**
 * `npm run seed -w server [-- --no-demo]`: open the configured database, apply migrations, import the Inner
 * Mongolia division tree and (unless NODE_ENV=production, SEED_DEMO=false or --no-demo) the demo data.
 * Both steps are idempotent: a second run finds what is there and adds nothing.
 */
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
  const database = await openDatabase(config);
  try {
    const { applied } = await migrate(database);
    if (applied) console.log(`Applied ${applied} migration(s)`);
    const demo = config.seedDemo && !process.argv.includes('--no-demo');
    await seedAll(database, { log: (line) => process.stdout.write(line), env: config.env, demo, config });
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

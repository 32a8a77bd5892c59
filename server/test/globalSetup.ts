import { testDatabaseUrl } from '../src/config.js';
import { openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { adminQuery, TEMPLATE_DB, withDatabase } from './db.js';

/** With TEST_DATABASE_URL: build the migrated template database every test file clones. */
export async function setup(): Promise<void> {
  const url = testDatabaseUrl();
  if (!url) return;
  await adminQuery(url, `drop database if exists ${TEMPLATE_DB} with (force)`);
  await adminQuery(url, `create database ${TEMPLATE_DB}`);
  const database = await openPostgres(withDatabase(url, TEMPLATE_DB), 1);
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
}

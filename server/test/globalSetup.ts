import { testDatabaseUrl } from '../src/config.js';
import { openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { adminQuery, withDatabase } from './db.js';

/** With TEST_DATABASE_URL: build the migrated template database every test file clones. */
let template: string | undefined;

export async function setup(): Promise<void> {
  const url = testDatabaseUrl();
  if (!url) return;
  const TEMPLATE_DB = `lianxin_tpl_${process.pid}_${Date.now().toString(36)}`;
  template = TEMPLATE_DB;
  // Test workers are forked after this runs and inherit the variable.
  process.env.LIANXIN_TEST_TEMPLATE = TEMPLATE_DB;
  await adminQuery(url, `drop database if exists ${TEMPLATE_DB} with (force)`);
  await adminQuery(url, `create database ${TEMPLATE_DB}`);
  const database = await openPostgres(withDatabase(url, TEMPLATE_DB), 1);
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
}

export async function teardown(): Promise<void> {
  const url = testDatabaseUrl();
  if (url && template) await adminQuery(url, `drop database if exists ${template} with (force)`);
}

// Copy what tsc does not: the generated SQL migrations, next to the compiled migrate.js.
import fs from 'node:fs';
import path from 'node:path';

const server = path.resolve(import.meta.dirname, '../server');
fs.cpSync(path.join(server, 'src/db/migrations'), path.join(server, 'dist/db/migrations'), { recursive: true });

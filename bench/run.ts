// `npm run bench -- <name>`: run bench/<name>.ts. Figures are ratios against a baseline measured in the same run,
// because the machines here are shared and noisy.
import fs from 'node:fs';
import path from 'node:path';

const name = process.argv[2];
const available = fs
  .readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>   (one of: ${available.join(', ')})`);
  process.exit(2);
}
const mod = (await import(path.join(import.meta.dirname, `${name}.bench.ts`))) as { run: (args: string[]) => Promise<void> };
await mod.run(process.argv.slice(3));
process.exit(0);

// `npm start`: build what is missing or out of date, then run the server on the embedded database.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Newest modification time under a directory (skipping node_modules and dist). */
function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

function stale(sourceDirs, builtFile) {
  if (!fs.existsSync(builtFile)) return true;
  const built = fs.statSync(builtFile).mtimeMs;
  return sourceDirs.some((d) => fs.existsSync(d) && newest(d) > built);
}

/** Build quietly: one line when it worked, the whole output when it did not. */
function run(args, label) {
  process.stdout.write(`${label} … `);
  const started = Date.now();
  const result = spawnSync('npm', ['--silent', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) {
    console.log('failed');
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    process.exit(result.status ?? 1);
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const serverEntry = path.join(root, 'server/dist/main.js');
if (stale([path.join(root, 'server/src')], serverEntry)) run(['run', 'build', '-w', 'server'], 'building the server');
const webEntry = path.join(root, 'web/dist/console/index.html');
if (stale([path.join(root, 'web/src'), path.join(root, 'web/console'), path.join(root, 'web/m')], webEntry)) {
  run(['run', 'build', '-w', 'web'], 'building the web pages');
}

const child = spawn(process.execPath, [serverEntry], { cwd: root, stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

// `npm start`: build what is missing or out of date, then run the server on the embedded database.
import { spawn } from 'node:child_process';
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

/** Build quietly: one line when it worked, the whole output when it did not. Builds run side by side. */
function run(args, label) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['--silent', ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      if (code !== 0) {
        console.log(`${label} … failed`);
        process.stdout.write(output);
        process.exit(code ?? 1);
      }
      console.log(`${label} … done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve();
    });
  });
}

const serverEntry = path.join(root, 'server/dist/main.js');
const webEntry = path.join(root, 'web/dist/console/index.html');
const builds = [];
if (stale([path.join(root, 'server/src')], serverEntry)) builds.push(run(['run', 'build', '-w', 'server'], 'building the server'));
if (stale([path.join(root, 'web/src'), path.join(root, 'web/console'), path.join(root, 'web/m')], webEntry)) {
  builds.push(run(['run', 'build', '-w', 'web'], 'building the web pages'));
}
if (builds.length > 0) console.log('building what is missing or out of date (first start only) …');
await Promise.all(builds);

const child = spawn(process.execPath, [serverEntry], { cwd: root, stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

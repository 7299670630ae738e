#!/usr/bin/env node
// Runs one benchmark: `npm run bench -- <name>` compiles src/ and migrations/ to dist/ with the
// project's tsc, then runs bench/<name>.mjs (plain ESM importing from dist/). Environment (e.g.
// BENCH_SCALE=0.1) passes through.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: npm run bench -- <name>   (runs bench/<name>.mjs)');
  process.exit(2);
}
const script = path.join(root, 'bench', `${name}.mjs`);
if (!existsSync(script)) {
  console.error(`no benchmark bench/${name}.mjs`);
  process.exit(2);
}
const build = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  // tsc still emits; a type error elsewhere in the tree need not stop a benchmark of code that compiles.
  console.error(`warning: tsc exited with ${build.status}; running on what it emitted`);
}
const run = spawnSync(process.execPath, [script, ...process.argv.slice(3)], { cwd: root, stdio: 'inherit', env: process.env });
process.exit(run.status ?? 1);

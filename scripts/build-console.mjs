#!/usr/bin/env node
// Bundles the agent console (web-console/src/main.ts, web-console/src/agent.css) into web-console/dist/ together with
// its page and icon, prints the bundle size and fails when the gzipped script outgrows its budget.
// Usage: node scripts/build-console.mjs [--outdir <dir>]
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Gzipped size limit of agent.js; Socket.IO's client is some 14 KB of it. */
const GZIP_BUDGET_BYTES = 40 * 1024;

const root = fileURLToPath(new URL('..', import.meta.url));
const consoleDir = path.join(root, 'web-console');
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = path.resolve(values.outdir ?? path.join(consoleDir, 'dist'));
const script = path.join(outdir, 'agent.js');

await mkdir(outdir, { recursive: true });
const common = { bundle: true, minify: true, sourcemap: true, legalComments: 'eof', logLevel: 'warning' };
await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(consoleDir, 'src/main.ts')],
    outfile: script,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
  }),
  build({ ...common, entryPoints: [path.join(consoleDir, 'src/agent.css')], outfile: path.join(outdir, 'agent.css') }),
  ...['agent.html', 'favicon.svg'].map((file) => copyFile(path.join(consoleDir, file), path.join(outdir, file))),
]);

const bundle = await readFile(script);
const gzipped = gzipSync(bundle, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(
  `console: ${path.relative(root, script)} ${kb(bundle.length)} raw, ${kb(gzipped)} gzip (budget ${kb(GZIP_BUDGET_BYTES)})`,
);
if (gzipped > GZIP_BUDGET_BYTES) {
  console.error(`console: gzip size ${kb(gzipped)} exceeds the budget of ${kb(GZIP_BUDGET_BYTES)}`);
  process.exit(1);
}

#!/usr/bin/env node
// Bundles the staff pages into web-console/dist/ together with their pages and icon: the agent console
// (web-console/src/main.ts, web-console/src/agent.css) and the editors' workbench (web-console/src/editor/main.ts,
// web-console/src/editor/editor.css). Prints each bundle's size and fails when a gzipped script outgrows its budget.
// Usage: node scripts/build-console.mjs [--outdir <dir>]
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The pages' scripts and their gzipped size limits. The console's includes Socket.IO's client (some 14 KB). */
const BUNDLES = [
  { name: 'console', entry: 'src/main.ts', css: 'src/agent.css', out: 'agent', budget: 40 * 1024 },
  { name: 'editor', entry: 'src/editor/main.ts', css: 'src/editor/editor.css', out: 'editor', budget: 40 * 1024 },
];

const root = fileURLToPath(new URL('..', import.meta.url));
const consoleDir = path.join(root, 'web-console');
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = path.resolve(values.outdir ?? path.join(consoleDir, 'dist'));

await mkdir(outdir, { recursive: true });
const common = { bundle: true, minify: true, sourcemap: true, legalComments: 'eof', logLevel: 'warning' };
await Promise.all([
  ...BUNDLES.flatMap((bundle) => [
    build({
      ...common,
      entryPoints: [path.join(consoleDir, bundle.entry)],
      outfile: path.join(outdir, `${bundle.out}.js`),
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
    }),
    build({
      ...common,
      entryPoints: [path.join(consoleDir, bundle.css)],
      outfile: path.join(outdir, `${bundle.out}.css`),
    }),
  ]),
  ...['agent.html', 'editor.html', 'favicon.svg'].map((file) =>
    copyFile(path.join(consoleDir, file), path.join(outdir, file)),
  ),
]);

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
let overBudget = false;
for (const bundle of BUNDLES) {
  const script = path.join(outdir, `${bundle.out}.js`);
  const content = await readFile(script);
  const gzipped = gzipSync(content, { level: 9 }).length;
  console.log(
    `${bundle.name}: ${path.relative(root, script)} ${kb(content.length)} raw, ${kb(gzipped)} gzip (budget ${kb(bundle.budget)})`,
  );
  if (gzipped > bundle.budget) {
    console.error(`${bundle.name}: gzip size ${kb(gzipped)} exceeds the budget of ${kb(bundle.budget)}`);
    overBudget = true;
  }
}
if (overBudget) process.exit(1);

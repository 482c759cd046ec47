#!/usr/bin/env node
// Bundles the web widget (web-widget/src/widget.ts) into web-widget/dist/ together with the demo page,
// prints the bundle size and fails when the gzipped bundle outgrows its budget.
// Usage: node scripts/build-widget.mjs [--outdir <dir>]   (tests build into a temporary directory)
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';

/**
 * Gzipped size limit of widget.js. 21.2 KB for the first version; 28.5 KB with the launcher, the offline outbox and
 * the options (language, download, delete); about 12 KB of it is socket.io-client. The budget leaves ~10 % headroom:
 * on a 3G phone (~50 KB/s) the widget arrives in well under a second.
 */
const GZIP_BUDGET_BYTES = 32 * 1024;

const root = fileURLToPath(new URL('..', import.meta.url));
const widgetDir = path.join(root, 'web-widget');
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = path.resolve(values.outdir ?? path.join(widgetDir, 'dist'));
const outfile = path.join(outdir, 'widget.js');

/** `import css from './x.css'` yields the minified style sheet as a string (adopted into the shadow root). */
const minifiedCssAsText = {
  name: 'minified-css-as-text',
  setup(builder) {
    builder.onLoad({ filter: /\.css$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const { code } = await transform(source, { loader: 'css', minify: true, sourcefile: args.path });
      return { contents: code, loader: 'text' };
    });
  },
};

await mkdir(outdir, { recursive: true });
await build({
  entryPoints: [path.join(widgetDir, 'src/widget.ts')],
  outfile,
  bundle: true,
  // A classic script (IIFE) so that a later one-line embed can read its own data attributes via document.currentScript.
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: true,
  plugins: [minifiedCssAsText],
  legalComments: 'eof',
  logLevel: 'warning',
});
await Promise.all(
  ['index.html', 'embed.html', 'portal.css', 'favicon.svg'].map((file) =>
    copyFile(path.join(widgetDir, file), path.join(outdir, file)),
  ),
);

const bundle = await readFile(outfile);
const gzipped = gzipSync(bundle, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(
  `widget: ${path.relative(root, outfile)} ${kb(bundle.length)} raw, ${kb(gzipped)} gzip (budget ${kb(GZIP_BUDGET_BYTES)})`,
);
if (gzipped > GZIP_BUDGET_BYTES) {
  console.error(`widget: gzip size ${kb(gzipped)} exceeds the budget of ${kb(GZIP_BUDGET_BYTES)}`);
  process.exit(1);
}

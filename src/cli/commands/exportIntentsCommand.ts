import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_INTENTS_DIR } from '../../storage/openStorage.js';
import { openCommandStorage } from '../openCommandStorage.js';
import { corpusDir, tenantLayer } from '../tenantLayer.js';
import { formatIntentsFile } from './formatIntentsFile.js';

/**
 * `govbot export-intents`: writes the draft's corpora to their files under `--dir` (default the package's
 * `intents/`), so that the editors' changes can be reviewed and committed; with `--tenant`, the tenant's own corpora
 * (`--dir` required). Corpus files in the language folders that the draft no longer has are deleted, or
 * `import-intents` would bring them back.
 */
export async function exportIntentsCommand(options: { dataDir: string; dir?: string; tenant?: string }): Promise<void> {
  const dir = corpusDir(options.tenant, options.dir, DEFAULT_INTENTS_DIR);
  const { storage } = await openCommandStorage(options.dataDir);
  let files: Awaited<ReturnType<typeof storage.intents.listCorpusFiles>>;
  try {
    files = await (await tenantLayer(storage, options.tenant)).layer.intents.listCorpusFiles();
  } finally {
    await storage.close();
  }
  const written: string[] = [];
  let unchanged = 0;
  for (const { path, corpus } of files) {
    const file = join(dir, path);
    const text = formatIntentsFile(corpus);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) {
      unchanged++;
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(path);
  }
  const kept = new Set(files.map((file) => file.path));
  const removed = existingCorpusFiles(dir).filter((path) => !kept.has(path));
  for (const path of removed) rmSync(join(dir, path));
  for (const path of written) process.stdout.write(`wrote ${path}\n`);
  for (const path of removed) process.stdout.write(`deleted ${path} (not in the draft)\n`);
  process.stdout.write(
    `exported ${files.length} corpus files to ${dir}: ${written.length} written, ${removed.length} deleted, ${unchanged} unchanged\n`,
  );
}

/** The `<lang>/*.json` files under `dir`, as `import-intents` reads them. */
function existingCorpusFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((lang) =>
      readdirSync(join(dir, lang.name))
        .filter((name) => name.endsWith('.json'))
        .map((name) => `${lang.name}/${name}`),
    );
}

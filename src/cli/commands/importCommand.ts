import { readFileSync } from 'node:fs';
import { importDldb } from '../../catalogue/dldb.js';
import { openCommandStorage } from '../openCommandStorage.js';

export async function importCommand(
  file: string,
  options: { dataDir: string; format: 'dldb'; locations?: string; replace: boolean },
): Promise<void> {
  const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
  const { catalogue, warnings } = importDldb(
    readJson(file),
    options.locations ? readJson(options.locations) : undefined,
  );
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  const { storage } = await openCommandStorage(options.dataDir);
  try {
    await storage.catalogue.saveCatalogue(catalogue, { replace: options.replace });
    process.stdout.write(
      `imported ${catalogue.services.length} services and ${catalogue.offices.length} offices${options.replace ? ' (catalogue replaced)' : ''}; the draft changed: \`govbot train\` publishes it, or train and publish it in the workbench (/editor)\n`,
    );
  } finally {
    await storage.close();
  }
}

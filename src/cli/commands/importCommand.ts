import { readFileSync } from 'node:fs';
import { importDldb } from '../../catalogue/dldb.js';
import { openCommandStorage } from '../openCommandStorage.js';
import { tenantLayer } from '../tenantLayer.js';

export async function importCommand(
  file: string,
  options: { dataDir: string; format: 'dldb'; locations?: string; replace: boolean; tenant?: string },
): Promise<void> {
  const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
  const { catalogue, warnings } = importDldb(
    readJson(file),
    options.locations ? readJson(options.locations) : undefined,
  );
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  const { storage } = await openCommandStorage(options.dataDir);
  try {
    const { tenantId, layer, shared } = await tenantLayer(storage, options.tenant);
    // A tenant's import is its own layer: the shared catalogue (and every other tenant's) stays as it is.
    await layer.catalogue.saveCatalogue(catalogue, { replace: options.replace });
    const replaced = options.replace ? ` (${shared ? 'catalogue' : `${tenantId}'s own catalogue`} replaced)` : '';
    const into = shared ? '' : ` into ${tenantId}'s own catalogue`;
    const next = shared
      ? '`govbot train` publishes it, or train and publish it in the workbench (/editor); tenants with content of their own get it with `govbot train --all-tenants`'
      : `\`govbot train --tenant ${tenantId}\` publishes it`;
    process.stdout.write(
      `imported ${catalogue.services.length} services and ${catalogue.offices.length} offices${into}${replaced}; the draft changed: ${next}\n`,
    );
  } finally {
    await storage.close();
  }
}

// Writes dialogs/*.schema.json from the zod schemas (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dialogJsonSchemas } from '../dist/src/dialogs/jsonSchemas.js';

for (const [name, schema] of Object.entries(dialogJsonSchemas())) {
  const file = join(import.meta.dirname, '..', 'dialogs', name);
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

import { z } from 'zod';
import { RecipientsFile } from '../applications/recipients.js';
import { Dialog } from './schema.js';

/**
 * JSON Schemas of the dialog and recipients files, for editors' IDEs (`# yaml-language-server: $schema=...`).
 * Written to `dialogs/` by `npm run dialogs:schema`; a test fails when the files are stale.
 */
export function dialogJsonSchemas(): Record<string, unknown> {
  return {
    'dialog.schema.json': withTitle(z.toJSONSchema(Dialog, { io: 'input', reused: 'ref' }), 'GovBot form dialog'),
    'recipients.schema.json': withTitle(
      z.toJSONSchema(RecipientsFile, { io: 'input', reused: 'ref' }),
      'GovBot recipients',
    ),
  };
}

function withTitle(schema: Record<string, unknown>, title: string): Record<string, unknown> {
  return { ...schema, title };
}

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { RecipientsFile } from '../../src/applications/recipients.js';
import { DEFAULT_DIALOGS_DIR } from '../../src/dialogs/loadDialogsDir.js';

/**
 * The environment of a server whose Stadtwerke (the recipient of meter readings) take applications over a signed
 * webhook at `url`: the shipped recipients file with that one change, written into `dir`.
 */
export function stadtwerkeWebhook(dir: string, url: string): NodeJS.ProcessEnv {
  const shipped = RecipientsFile.parse(parse(readFileSync(join(DEFAULT_DIALOGS_DIR, 'recipients.yaml'), 'utf8')));
  const stadtwerke = {
    ...shipped.recipients.stadtwerke,
    delivery: { type: 'webhook', url, secretEnv: 'GOVBOT_SECRET_STADTWERKE' },
  };
  const file = join(dir, 'recipients.yaml');
  writeFileSync(file, stringify({ ...shipped, recipients: { ...shipped.recipients, stadtwerke } }));
  return { GOVBOT_RECIPIENTS_FILE: file, GOVBOT_SECRET_STADTWERKE: 'a-secret-of-the-stadtwerke' };
}

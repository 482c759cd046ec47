import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApplicationPayload } from './ApplicationPayload.js';

/**
 * Writes one delivery into `<outboxDir>/<folder>/`: each attachment as `<reference>-<n>-<name>`, then
 * `<reference>.json` (the payload, attachments named in `file` instead of inline), so a program watching the folder
 * finds the attachments complete when the JSON appears. Every file is written to a hidden temporary file, flushed and
 * renamed, so nothing half-written is ever visible; writing the same delivery again replaces the files with the same
 * content. Returns the path of the JSON file.
 */
export async function deliverFolder(outboxDir: string, folder: string, payload: ApplicationPayload): Promise<string> {
  // recipients.yaml allows only such names; checked again because this one becomes a path.
  if (!/^[a-z0-9][a-z0-9-]*$/.test(folder)) throw new Error(`outbox: invalid folder name "${folder}"`);
  const dir = join(outboxDir, folder);
  await mkdir(dir, { recursive: true });
  const attachments = [];
  for (const [index, { contentBase64, file: _file, ...attachment }] of payload.attachments.entries()) {
    const file = `${payload.reference}-${index + 1}-${safeFileName(attachment.name)}`;
    await writeAtomically(dir, file, Buffer.from(contentBase64 ?? '', 'base64'));
    attachments.push({ ...attachment, file });
  }
  const target = `${payload.reference}.json`;
  await writeAtomically(dir, target, `${JSON.stringify({ ...payload, attachments }, null, 2)}\n`);
  return join(dir, target);
}

async function writeAtomically(dir: string, name: string, data: string | Buffer): Promise<void> {
  const temporary = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, join(dir, name));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * The citizen's file name reduced to letters, digits, `.`, `-` and `_`: it must not leave the folder or start with
 * a dot, and should survive any file system the recipient copies it to.
 */
function safeFileName(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss');
  const safe = ascii
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(-100)
    .replace(/^[._]+/, '');
  return safe || 'datei';
}

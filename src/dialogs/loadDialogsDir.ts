import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { RecipientDirectory, RecipientsFile } from '../applications/recipients.js';
import { type FileProblem, messageOf, readSchemaFile } from '../files/readSchemaFile.js';
import { packageRoot } from '../packageRoot.js';
import { CompiledDialog } from './CompiledDialog.js';
import { ExpressionError } from './expressions.js';
import { Dialog, type Field } from './schema.js';

/** The dialogs that ship with GovBot, for the Musterstadt catalogue. */
export const DEFAULT_DIALOGS_DIR = join(packageRoot(), 'dialogs');

/** Files in the dialogs folder that are not dialogs. */
const RECIPIENTS_FILE = 'recipients.yaml';
const NOT_DIALOGS = new Set([RECIPIENTS_FILE, 'dialog.schema.json', 'recipients.schema.json']);

export class DialogError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: FileProblem[],
  ) {
    super(`invalid dialogs in ${dir}:\n${problems.map((p) => `  ${p.file} at ${p.path}: ${p.reason}`).join('\n')}`);
    this.name = 'DialogError';
  }
}

export interface LoadedDialogs {
  dialogs: CompiledDialog[];
  recipients: RecipientDirectory;
}

/**
 * Reads every dialog (`<id>.yaml`, `.yml` or `.json`) and the recipients (`recipients.yaml`, or `recipientsFile`)
 * of a folder. Fails with a `DialogError` naming file, path and reason for every schema violation, expression that
 * does not parse or names no field, bad regular expression, unknown recipient or catalogue entry, and duplicate id.
 */
export function loadDialogsDir(
  dir: string,
  options: {
    serviceIds?: ReadonlySet<string>;
    recipientsFile?: string;
    /** The channels' limit for one file: file fields allowing more are lowered to it. */
    maxUploadBytes?: number;
  } = {},
): LoadedDialogs {
  const problems: FileProblem[] = [];
  const recipientsFile = options.recipientsFile
    ? readSchemaFile(dirname(options.recipientsFile), basename(options.recipientsFile), RecipientsFile, problems)
    : readSchemaFile(dir, RECIPIENTS_FILE, RecipientsFile, problems);
  const recipients = recipientsFile?.recipients ?? {};
  const tenantRecipients = recipientsFile?.tenants ?? {};
  for (const [tenantId, own] of Object.entries(tenantRecipients)) {
    for (const id of Object.keys(own.recipients)) {
      // A tenant's recipient stands in for one the dialogs name: another id would never receive anything.
      if (!(id in recipients)) {
        problems.push({
          file: options.recipientsFile ? basename(options.recipientsFile) : RECIPIENTS_FILE,
          path: `tenants.${tenantId}.recipients.${id}`,
          reason: `"${id}" is not one of the installation's recipients, which a tenant's replace`,
        });
      }
    }
  }

  const dialogs: CompiledDialog[] = [];
  const fileOfDialog = new Map<string, string>();
  for (const file of dialogFileNames(dir, problems)) {
    const dialog = readSchemaFile(dir, file, Dialog, problems);
    if (!dialog) continue;
    const before = problems.length;
    const report = (path: string, reason: string) => problems.push({ file, path, reason });
    const expectedId = file.slice(0, -extname(file).length);
    if (dialog.id !== expectedId) report('id', `id "${dialog.id}" does not match the file name ("${expectedId}")`);
    const other = fileOfDialog.get(dialog.id);
    if (other) report('id', `duplicate dialog id "${dialog.id}", already defined in ${other}`);
    fileOfDialog.set(dialog.id, file);
    checkReferences(dialog, report, {
      recipients: recipientsFile ? new Set(Object.keys(recipients)) : undefined,
      services: options.serviceIds,
    });
    if (options.maxUploadBytes !== undefined) lowerUploadLimits(dialog, options.maxUploadBytes);
    let compiled: CompiledDialog | undefined;
    try {
      compiled = new CompiledDialog(dialog, fingerprint(join(dir, file)));
    } catch (error) {
      report(error instanceof ExpressionError ? `expression "${error.source}"` : '(dialog)', messageOf(error));
    }
    if (compiled && problems.length === before) {
      checkExpressionNames(compiled, report);
      dialogs.push(compiled);
    }
  }
  if (problems.length > 0) throw new DialogError(dir, problems);
  return { dialogs, recipients: new RecipientDirectory({ recipients, tenants: tenantRecipients }) };
}

function dialogFileNames(dir: string, problems: FileProblem[]): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => /\.(ya?ml|json)$/.test(name) && !NOT_DIALOGS.has(name))
      .sort();
  } catch (error) {
    problems.push({ file: dir, path: '(folder)', reason: messageOf(error) });
    return [];
  }
}

function lowerUploadLimits(dialog: Dialog, maxBytes: number): void {
  for (const field of dialog.fields.flatMap((top) => (top.type === 'group' ? top.fields : [top]))) {
    if (field.type === 'file') field.maxBytes = Math.min(field.maxBytes, maxBytes);
  }
}

function fingerprint(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
}

type Report = (path: string, reason: string) => void;

function checkReferences(
  dialog: Dialog,
  report: Report,
  known: { recipients: ReadonlySet<string> | undefined; services: ReadonlySet<string> | undefined },
): void {
  dialog.services.forEach((id, index) => {
    if (known.services && !known.services.has(id)) report(`services[${index}]`, `unknown catalogue entry "${id}"`);
  });
  dialog.recipients.forEach((recipient, index) => {
    if (known.recipients && !known.recipients.has(recipient.id)) {
      report(`recipients[${index}].id`, `unknown recipient "${recipient.id}" (not in ${RECIPIENTS_FILE})`);
    }
  });
  const ids = new Set<string>();
  const claim = (id: string, path: string) => {
    if (ids.has(id)) report(path, `duplicate id "${id}"`);
    ids.add(id);
  };
  dialog.fields.forEach((field, index) => {
    claim(field.id, `fields[${index}].id`);
    checkField(field, `fields[${index}]`, report);
    if (field.type !== 'group') return;
    if (field.min > field.max) report(`fields[${index}].min`, `min ${field.min} is more than max ${field.max}`);
    const inGroup = new Set<string>();
    field.fields.forEach((subfield, subindex) => {
      const path = `fields[${index}].fields[${subindex}]`;
      if (inGroup.has(subfield.id)) report(`${path}.id`, `duplicate id "${subfield.id}" in group "${field.id}"`);
      inGroup.add(subfield.id);
      checkField(subfield, path, report);
    });
  });
  dialog.computed.forEach((value, index) => {
    claim(value.id, `computed[${index}].id`);
  });
}

function checkField(field: Field, path: string, report: Report): void {
  if (field.type === 'group') return;
  if (field.type === 'text' && field.pattern !== undefined) checkRegex(field.pattern, `${path}.pattern`, report);
  if (field.type === 'choice') {
    const values = field.options.map((option) => option.value);
    if (new Set(values).size !== values.length) report(`${path}.options`, 'option values must be unique');
  }
  if (typeof field.fromQuestion === 'object') {
    for (const lang of ['de', 'en'] as const) {
      field.fromQuestion[lang].forEach((pattern, index) => {
        const at = `${path}.fromQuestion.${lang}[${index}]`;
        if (checkRegex(pattern, at, report) && !pattern.includes('(?<value>')) {
          report(at, 'the pattern needs a named group (?<value>...) for the answer');
        }
      });
    }
  }
}

function checkRegex(pattern: string, path: string, report: Report): boolean {
  try {
    new RegExp(pattern, 'iu');
    return true;
  } catch (error) {
    report(path, `invalid regular expression: ${messageOf(error)}`);
    return false;
  }
}

/** Every name an expression reads must be a field, a group's field or a computed value: typos fail at load. */
function checkExpressionNames(dialog: CompiledDialog, report: Report): void {
  const known = new Set<string>(['value']);
  for (const field of dialog.definition.fields) {
    known.add(field.id);
    if (field.type === 'group') for (const subfield of field.fields) known.add(subfield.id);
  }
  for (const value of dialog.definition.computed) known.add(value.id);
  for (const expression of dialog.allExpressions()) {
    for (const name of expression.names()) {
      if (!known.has(name)) report(`expression "${expression.source}"`, `"${name}" is no field or computed value`);
    }
  }
}

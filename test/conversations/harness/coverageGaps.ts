import { readdirSync } from 'node:fs';
import { z } from 'zod';
import type { LoadedScript, Tag } from '../../../src/conversationTests/ConversationScript.js';
import { type FileProblem, readSchemaFile } from '../../../src/files/readSchemaFile.js';

/** Tags every dialog's scripts must carry between them. */
export const REQUIRED_TAGS: readonly Tag[] = [
  'happy',
  'validation',
  'correction',
  'digression',
  'cancel',
  'restart',
  'botframework',
];

/**
 * A dialog file as written, not as parsed with defaults: whether a text field sets `maxLength` is visible only here
 * (parsing gives every text field one).
 */
const WrittenField = z.looseObject({
  id: z.string(),
  type: z.string(),
  pattern: z.string().optional(),
  minLength: z.number().optional(),
  maxLength: z.number().optional(),
  rules: z.array(z.unknown()).optional(),
});
const WrittenDialog = z.looseObject({
  id: z.string(),
  fields: z.array(WrittenField.extend({ fields: z.array(WrittenField).optional() })),
});
type WrittenField = z.infer<typeof WrittenField>;

/**
 * What the scripts leave uncovered, one line per dialog: dialogs without a script, tags no scenario carries, and
 * fields that can reject an answer but that no step expects `state: invalid` for.
 */
export function coverageGaps(dialogsDir: string, loaded: readonly LoadedScript[]): string[] {
  const problems: FileProblem[] = [];
  const scripts = loaded.flatMap((file) => (file.ok ? [file.script] : []));
  const dialogs = readdirSync(dialogsDir)
    .filter((file) => /\.ya?ml$/.test(file) && file !== 'recipients.yaml')
    .sort()
    .flatMap((file) => readSchemaFile(dialogsDir, file, WrittenDialog, problems) ?? []);
  const gaps = problems.map((problem) => `${problem.file} at ${problem.path}: ${problem.reason}`);
  for (const file of loaded) if (!file.ok) gaps.push(`${file.file}: not a valid script, so not counted (see its test)`);

  for (const dialog of dialogs) {
    const mine = scripts.filter((script) => script.dialog === dialog.id);
    if (mine.length === 0) {
      gaps.push(`${dialog.id}: no conversation script (a dialogs/conversations/*.yaml with "dialog: ${dialog.id}")`);
      continue;
    }
    const scenarios = mine.flatMap((script) => script.scenarios);
    const tags = new Set(scenarios.flatMap((scenario) => scenario.tags));
    const invalidPaths = scenarios.flatMap((scenario) =>
      scenario.steps.flatMap((step) =>
        typeof step === 'object' && 'bot' in step && step.bot.state === 'invalid' && step.bot.field
          ? [step.bot.field]
          : [],
      ),
    );
    const missingTags = REQUIRED_TAGS.filter((tag) => !tags.has(tag));
    const untested = rejectingFields(dialog.fields)
      .filter((id) => !invalidPaths.some((path) => path === id.field || path.endsWith(`.${id.field}`)))
      .map((id) => id.name);
    const missing = [
      ...(missingTags.length ? [`tags ${missingTags.join(', ')}`] : []),
      ...(untested.length ? [`a "state: invalid" step for ${untested.join(', ')}`] : []),
    ];
    if (missing.length) gaps.push(`${dialog.id}: missing ${missing.join('; ')}`);
  }
  const known = new Set(dialogs.map((dialog) => dialog.id));
  for (const script of scripts) {
    if (!known.has(script.dialog)) gaps.push(`a script covers "${script.dialog}", which is no dialog in ${dialogsDir}`);
  }
  return gaps;
}

/** The fields that can turn an answer down, as `field` (the id paths end in) and `name` (`group.field`). */
function rejectingFields(
  fields: readonly (WrittenField & { fields?: WrittenField[] })[],
): { field: string; name: string }[] {
  return fields.flatMap((field) =>
    field.type === 'group'
      ? (field.fields ?? []).filter(canReject).map((inner) => ({ field: inner.id, name: `${field.id}.${inner.id}` }))
      : canReject(field)
        ? [{ field: field.id, name: field.id }]
        : [],
  );
}

/** Every typed field can, and a text field with a format, a minimum above one character, a maximum, or rules. */
function canReject(field: WrittenField): boolean {
  if ((field.rules?.length ?? 0) > 0) return true;
  if (field.type !== 'text') return true;
  return field.pattern !== undefined || (field.minLength ?? 1) > 1 || field.maxLength !== undefined;
}

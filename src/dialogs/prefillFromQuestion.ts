import type { Entity } from '../nlu/entities/index.js';
import { recogniseEntities } from '../nlu/entities/index.js';
import { itemPath, setAnswer } from './answers.js';
import type { CompiledDialog } from './CompiledDialog.js';
import type { Draft } from './Draft.js';
import { type AnswerContext, parseAnswer } from './fields/parseAnswer.js';
import type { SimpleField } from './schema.js';
import { scopeOf } from './walkDialog.js';

/** Field types whose value `fromQuestion: true` takes from the entities of the first message. */
const ENTITY_OF: Partial<Record<SimpleField['type'], Entity['type']>> = {
  vehiclePlate: 'vehiclePlate',
  email: 'email',
  phone: 'phone',
  iban: 'iban',
  date: 'date',
  address: 'address',
  number: 'number',
  amount: 'amount',
};

/**
 * Answers taken from the message that started the dialog: "Ich möchte meinen Hund Bello anmelden" answers the
 * dog's name, "Bewohnerparkausweis für M-AB 123" the plate. Only values that pass the field's checks are taken;
 * the citizen sees them in the summary and can change them.
 */
export async function prefillFromQuestion(
  dialog: CompiledDialog,
  draft: Draft,
  text: string,
  context: AnswerContext,
): Promise<void> {
  const entities = recogniseEntities(text, { lang: context.lang, referenceDate: context.now });
  for (const field of dialog.definition.fields) {
    if (field.type !== 'group') {
      await take(dialog, draft, field, field.id, text, entities, context);
      continue;
    }
    for (const subfield of field.fields) {
      await take(dialog, draft, subfield, itemPath(field.id, 0, subfield.id), text, entities, context);
    }
  }
}

async function take(
  dialog: CompiledDialog,
  draft: Draft,
  field: SimpleField,
  path: string,
  text: string,
  entities: Entity[],
  context: AnswerContext,
): Promise<void> {
  const spoken = spokenValue(field, text, entities, context);
  if (spoken === undefined) return;
  const outcome = parseAnswer(field, spoken, context);
  if (outcome.status !== 'ok') return;
  for (const rule of field.rules) {
    const { input, bindings } = scopeOf(draft, undefined, outcome.value);
    if (!(await dialog.expression(rule.check).test(input, bindings))) return;
  }
  setAnswer(draft, path, outcome.value);
  draft.prefilled.push(path);
}

function spokenValue(field: SimpleField, text: string, entities: Entity[], context: AnswerContext): string | undefined {
  if (field.fromQuestion === undefined) return undefined;
  if (field.fromQuestion === true) {
    const type = ENTITY_OF[field.type];
    const found = entities.filter((entity) => entity.type === type);
    return found.length === 1 ? found[0]?.text : undefined;
  }
  const patterns = [...field.fromQuestion[context.lang], ...(context.lang === 'de' ? [] : field.fromQuestion.de)];
  for (const pattern of patterns) {
    // Case-sensitive: with `i`, \p{Lu} would match any letter and "Hund anmelden" would name the dog "anmelden".
    const value = new RegExp(pattern, 'u').exec(text)?.groups?.value;
    if (value) return value;
  }
  return undefined;
}

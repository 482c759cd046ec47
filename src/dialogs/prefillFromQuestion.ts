import type { Entity } from '../nlu/entities/index.js';
import { recogniseEntities } from '../nlu/entities/index.js';
import { itemPath, setAnswer } from './answers.js';
import type { CompiledDialog } from './CompiledDialog.js';
import type { Draft } from './Draft.js';
import { type AnswerContext, parseAnswer } from './fields/parseAnswer.js';
import type { SimpleField } from './schema.js';
import { brokenRule, type FieldSlot } from './walkDialog.js';

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
      await take(dialog, draft, { path: field.id, field }, text, entities, context);
      continue;
    }
    for (const subfield of field.fields) {
      const slot = { path: itemPath(field.id, 0, subfield.id), field: subfield, group: field, index: 0 };
      await take(dialog, draft, slot, text, entities, context);
    }
  }
}

async function take(
  dialog: CompiledDialog,
  draft: Draft,
  slot: FieldSlot,
  text: string,
  entities: Entity[],
  context: AnswerContext,
): Promise<void> {
  const spoken = spokenValue(slot.field, text, entities, context);
  if (spoken === undefined) return;
  const outcome = parseAnswer(slot.field, spoken, context);
  if (outcome.status !== 'ok' || (await brokenRule(dialog, draft, slot, outcome.value))) return;
  setAnswer(draft, slot.path, outcome.value);
  draft.prefilled.push(slot.path);
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

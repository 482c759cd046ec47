import type { Choice, OutgoingMessage } from '../bot/messages.js';
import { TEXTS } from '../bot/texts.js';
import { type Language, localize } from '../catalogue/schema.js';
import type { CompiledDialog } from './CompiledDialog.js';
import { type Draft, itemPath } from './Draft.js';
import { formatValue } from './fields/formatValue.js';
import type { AnswerProblem } from './fields/parseAnswer.js';
import type { GroupField } from './schema.js';
import { FORM_TEXTS } from './texts.js';
import type { FieldSlot } from './walkDialog.js';

/** Unusable answers in a row after which the bot offers a person. */
export const FAILURES_BEFORE_HUMAN = 3;

/** The question for a field: its prompt (with the entry's name in a group), help, and buttons where they help. */
export function questionMessage(
  dialog: CompiledDialog,
  draft: Draft,
  slot: FieldSlot,
  lang: Language,
): OutgoingMessage {
  const texts = FORM_TEXTS[lang];
  const { field } = slot;
  const parts: string[] = [];
  if (slot.group && slot.index !== undefined && startsEntry(draft, slot)) {
    // The group's own prompt once, before its first entry; each entry under its heading ("Hund 2").
    if (slot.index === 0 && slot.group.prompt) parts.push(localize(slot.group.prompt, lang));
    parts.push(`**${itemLabel(slot.group, slot.index, lang)}**`);
  }
  parts.push(localize(field.prompt, lang));
  if (field.help) parts.push(localize(field.help, lang));
  if (field.type === 'file') {
    const types = field.accept.map((type) => type.split('/')[1]?.toUpperCase() ?? type).join(', ');
    parts.push(texts.fileHint(types, String(Math.round(field.maxBytes / (1024 * 1024)))));
  }
  const choices: Choice[] = [];
  if (field.type === 'choice') {
    for (const option of field.options) {
      choices.push({
        title: localize(option.label, lang),
        value: { action: 'form', op: 'answer', path: slot.path, value: option.value },
      });
    }
  }
  if (field.type === 'yesNo') {
    choices.push({ title: texts.yes, value: { action: 'form', op: 'answer', path: slot.path, value: true } });
    choices.push({ title: texts.no, value: { action: 'form', op: 'answer', path: slot.path, value: false } });
  }
  const suggestion = draft.suggestions[slot.path];
  if (suggestion !== undefined) {
    choices.push({
      title: formatValue(field, suggestion, lang),
      value: { action: 'form', op: 'suggestion', path: slot.path },
    });
  }
  if (field.optional) choices.push({ title: texts.skip, value: { action: 'form', op: 'skip', path: slot.path } });
  return {
    text: parts.join('\n\n'),
    choices,
    channelData: {
      dialog: { id: dialog.id, field: slot.path, state: 'asking' },
      ...(field.type === 'file' ? { expect: { kind: 'file', accept: field.accept, maxBytes: field.maxBytes } } : {}),
    },
  };
}

/** True for the first question asked of a group entry: the fields before it were taken without asking, if any. */
function startsEntry(draft: Draft, slot: FieldSlot): boolean {
  const { group, index } = slot;
  if (!group || index === undefined) return false;
  const position = group.fields.findIndex((candidate) => candidate.id === slot.field.id);
  return group.fields
    .slice(0, position)
    .every((earlier) => draft.prefilled.includes(itemPath(group.id, index, earlier.id)));
}

/** Says what was wrong with an answer and asks again, with an example; a person is offered after repeated failures. */
export function repromptMessage(
  dialog: CompiledDialog,
  draft: Draft,
  slot: FieldSlot,
  problem: AnswerProblem,
  lang: Language,
): OutgoingMessage {
  const texts = FORM_TEXTS[lang];
  const question = questionMessage(dialog, draft, slot, lang);
  const why =
    'message' in problem ? localize(problem.message, lang) : (texts.problems[problem.reason] ?? texts.problemFallback);
  const parts = [why];
  if (slot.field.example) parts.push(texts.example(localize(slot.field.example, lang)));
  parts.push(question.text);
  const choices = [...(question.choices ?? [])];
  if (draft.failures >= FAILURES_BEFORE_HUMAN) {
    parts.push(texts.offerHuman);
    choices.push({ title: TEXTS[lang].talkToHuman, value: { action: 'handover' } });
  }
  return {
    ...question,
    text: parts.join('\n\n'),
    choices,
    channelData: {
      ...question.channelData,
      dialog: { id: dialog.id, field: slot.path, state: 'invalid', reason: problem.reason },
    },
  };
}

export function addAnotherMessage(dialog: CompiledDialog, group: GroupField, lang: Language): OutgoingMessage {
  const texts = FORM_TEXTS[lang];
  return {
    text: localize(group.addAnother, lang),
    choices: [
      { title: texts.yes, value: { action: 'form', op: 'addAnother', group: group.id, value: true } },
      { title: texts.no, value: { action: 'form', op: 'addAnother', group: group.id, value: false } },
    ],
    channelData: { dialog: { id: dialog.id, field: `${group.id}[]`, state: 'asking' } },
  };
}

/** A question's name for the citizen, with its entry in a group: "Hund 2 – Name des Hundes". */
export function slotLabel(slot: FieldSlot, lang: Language): string {
  const label = localize(slot.field.label, lang);
  return slot.group && slot.index !== undefined ? `${itemLabel(slot.group, slot.index, lang)} – ${label}` : label;
}

export function itemLabel(group: GroupField, index: number, lang: Language): string {
  return localize(group.itemLabel, lang).replace('{n}', String(index + 1));
}

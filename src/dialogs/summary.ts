import type { Recipient } from '../applications/recipients.js';
import type { ApplicationRecipient, SummaryLine } from '../applications/types.js';
import type { Choice, OutgoingMessage } from '../bot/messages.js';
import { type Language, localize } from '../catalogue/schema.js';
import { itemsOf } from './answers.js';
import type { CompiledDialog } from './CompiledDialog.js';
import type { Draft } from './Draft.js';
import { formatComputed, formatValue } from './fields/formatValue.js';
import { slotLabel } from './prompts.js';
import { FORM_TEXTS } from './texts.js';
import { activeAnswers, activeValues, serviceBinding } from './walkDialog.js';

/** The computed values (fees, dates) for the current answers, by id; each sees the ones computed before it. */
export async function computeValues(dialog: CompiledDialog, draft: Draft): Promise<Record<string, unknown>> {
  const computed: Record<string, unknown> = {};
  const answers = await activeValues(dialog, draft);
  for (const value of dialog.definition.computed) {
    const result = await dialog
      .expression(value.expression)
      .evaluate({ ...answers, ...computed }, serviceBinding(draft));
    computed[value.id] = normalise(result);
  }
  return computed;
}

/** The answers and computed values as labelled lines in one language. */
export async function summaryLines(dialog: CompiledDialog, draft: Draft, lang: Language): Promise<SummaryLine[]> {
  const lines: SummaryLine[] = [];
  for (const answer of await activeAnswers(dialog, draft)) {
    lines.push({
      path: answer.path,
      label: slotLabel(answer, lang),
      value: formatValue(answer.field, answer.value, lang),
    });
  }
  const computed = await computeValues(dialog, draft);
  for (const value of dialog.definition.computed) {
    if (!value.inSummary) continue;
    lines.push({
      path: value.id,
      label: localize(value.label, lang),
      value: formatComputed(value, computed[value.id], lang),
    });
  }
  return lines;
}

/** Who gets the application for these answers. */
export async function recipientsOf(dialog: CompiledDialog, draft: Draft): Promise<ApplicationRecipient[]> {
  const recipients: ApplicationRecipient[] = [];
  const answers = await activeValues(dialog, draft);
  for (const recipient of dialog.definition.recipients) {
    const bindings = serviceBinding(draft);
    if (recipient.when !== undefined && !(await dialog.expression(recipient.when).test(answers, bindings))) continue;
    recipients.push({ id: recipient.id, copy: recipient.copy });
  }
  return recipients;
}

/**
 * Everything before the citizen confirms: the answers with a change button each, the computed fees, who receives
 * the application, the data-protection notice and the declaration, then "submit" and "cancel".
 */
export async function summaryMessage(
  dialog: CompiledDialog,
  draft: Draft,
  recipients: Record<string, Recipient>,
  lang: Language,
): Promise<OutgoingMessage> {
  const texts = FORM_TEXTS[lang];
  const { definition } = dialog;
  const lines = await summaryLines(dialog, draft, lang);
  const chosen = await recipientsOf(dialog, draft);
  const nameOf = (id: string) => {
    const recipient = recipients[id];
    return recipient ? localize(recipient.name, lang) : id;
  };
  const main = chosen.filter((recipient) => !recipient.copy).map((recipient) => nameOf(recipient.id));
  const copies = chosen.filter((recipient) => recipient.copy).map((recipient) => nameOf(recipient.id));
  const delivery = [texts.recipients(main.join(', '))];
  if (copies.length > 0) delivery.push(texts.copiesTo(copies.join(', ')));

  const choices: Choice[] = [{ title: texts.submit, value: { action: 'form', op: 'submit' } }];
  const computedIds = new Set(definition.computed.map((value) => value.id));
  for (const line of lines) {
    if (!computedIds.has(line.path)) {
      choices.push({ title: texts.change(line.label), value: { action: 'form', op: 'change', path: line.path } });
    }
  }
  for (const field of definition.fields) {
    if (
      field.type === 'group' &&
      itemsOf(draft.values, field.id).length < field.max &&
      lines.some((line) => line.path.startsWith(`${field.id}[`))
    ) {
      choices.push({
        title: texts.addItem(localize(field.itemLabel, lang).replace('{n}', '').trim()),
        value: { action: 'form', op: 'addItem', group: field.id },
      });
    }
  }
  choices.push({ title: texts.cancel, value: { action: 'form', op: 'cancel' } });
  return {
    text: texts.submitQuestion,
    card: {
      title: texts.summaryTitle(localize(definition.title, lang)),
      summary: texts.checkAnswers,
      facts: lines.map((line) => ({ label: line.label, value: line.value })),
      lists: [],
      blocks: [
        { label: lang === 'en' ? 'Recipients' : 'Empfänger', lines: delivery },
        { label: lang === 'en' ? 'Data protection' : 'Datenschutz', lines: [localize(definition.privacyNotice, lang)] },
        { label: lang === 'en' ? 'Declaration' : 'Erklärung', lines: [localize(definition.confirmation, lang)] },
      ],
      links: [],
    },
    choices,
    channelData: { dialog: { id: dialog.id, state: 'summary' } },
  };
}

/** JSONata returns sequences (arrays with extra properties) and may return functions; keep plain JSON. */
function normalise(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value) ?? 'null');
}

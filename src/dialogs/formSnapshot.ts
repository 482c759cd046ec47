import { type Language, localize } from '../catalogue/schema.js';
import type { CompiledDialog } from './CompiledDialog.js';
import type { Draft } from './Draft.js';
import { formatValue } from './fields/formatValue.js';
import { slotLabel } from './prompts.js';
import { activeAnswers, slotAt } from './walkDialog.js';

/** A form in progress as a service-centre agent sees it: what is filled in and where the citizen stands. */
export interface FormSnapshot {
  dialogId: string;
  title: string;
  /** What the bot waits for: an answer to `current`, "another item?", the summary, or an exit message. */
  state: 'field' | 'addAnother' | 'summary' | 'exit';
  current: { path: string; label: string } | undefined;
  /** Answered questions, in dialog order, with the value as the summary shows it. */
  fields: { path: string; label: string; value: string; type: string }[];
  /** Unusable answers in a row to the current question. */
  failures: number;
}

/** The draft described in `lang` (agents read German). */
export async function formSnapshot(dialog: CompiledDialog, draft: Draft, lang: Language): Promise<FormSnapshot> {
  const pending = draft.pending;
  const slot = pending.kind === 'field' ? slotAt(dialog, pending.path) : undefined;
  return {
    dialogId: dialog.id,
    title: localize(dialog.definition.title, lang),
    state: pending.kind,
    current: slot ? { path: slot.path, label: slotLabel(slot, lang) } : undefined,
    fields: (await activeAnswers(dialog, draft)).map((answer) => ({
      path: answer.path,
      label: slotLabel(answer, lang),
      value: formatValue(answer.field, answer.value, lang),
      type: answer.field.type,
    })),
    failures: draft.failures,
  };
}

import type { RecipientDirectory } from '../applications/recipients.js';
import type { OutgoingMessage } from '../bot/messages.js';
import { localize } from '../catalogue/schema.js';
import { DEFAULT_TENANT } from '../tenants/types.js';
import { itemsOf, noteAnswered, removeAnswer, setAnswer } from './answers.js';
import type { CompiledDialog } from './CompiledDialog.js';
import { correctedValueText } from './commands.js';
import type { Draft } from './Draft.js';
import { formatValue } from './fields/formatValue.js';
import { type AnswerOutcome, parseAnswer } from './fields/parseAnswer.js';
import { VALUE_SCHEMAS } from './fields/values.js';
import { findMentionedField } from './findMentionedField.js';
import type { FormReply, FormTurn } from './formTypes.js';
import type { Profile } from './Profile.js';
import { addAnotherMessage, questionMessage, repromptMessage, slotLabel } from './prompts.js';
import { summaryMessage } from './summary.js';
import { FORM_TEXTS } from './texts.js';
import {
  activeAnswers,
  activeValues,
  brokenRule,
  type FieldSlot,
  nextStep,
  scopeOf,
  serviceBinding,
  slotAt,
} from './walkDialog.js';

/**
 * The moves of a form dialog that every kind of input ends in: on to the next question, the summary or an exit;
 * asking a question (with a one-tap suggestion); going back; cancelling; taking a correction in words.
 */
export class FormSteps {
  constructor(
    private readonly recipients: RecipientDirectory,
    private readonly now: () => Date,
  ) {}

  /** The pending question again. */
  async repeat(dialog: CompiledDialog, draft: Draft, turn: FormTurn): Promise<FormReply> {
    const slot = draft.pending.kind === 'field' ? slotAt(dialog, draft.pending.path) : undefined;
    return slot ? this.ask(dialog, draft, slot, turn, []) : this.advance(dialog, draft, turn, []);
  }

  /**
   * Goes on from the answers so far: an exit if an answer rules the application out, else the next question, the
   * "another one?" question of a group, or the summary.
   */
  async advance(
    dialog: CompiledDialog,
    draft: Draft,
    turn: FormTurn,
    before: OutgoingMessage[],
    summaryText?: string,
  ): Promise<FormReply> {
    const { definition } = dialog;
    const texts = FORM_TEXTS[turn.lang];
    draft.confirmingCancel = false;
    const answers = await activeValues(dialog, draft);
    for (const [index, exit] of definition.exits.entries()) {
      if (!(await dialog.expression(exit.when).test(answers, serviceBinding(draft)))) continue;
      draft.pending = { kind: 'exit', index };
      const exitMessage: OutgoingMessage = {
        text: localize(exit.message, turn.lang),
        choices: [
          { title: texts.exitActions.change, value: { action: 'form', op: 'back' } },
          { title: texts.cancel, value: { action: 'form', op: 'confirmCancel' } },
        ],
        channelData: { dialog: { id: dialog.id, state: 'exited' } },
      };
      return { draft, messages: [...before, exitMessage] };
    }
    const step = await nextStep(dialog, draft);
    if (step.kind === 'field') {
      draft.pending = { kind: 'field', path: step.path };
      return this.ask(dialog, draft, step, turn, before);
    }
    if (step.kind === 'addAnother') {
      draft.pending = { kind: 'addAnother', group: step.group.id };
      return { draft, messages: [...before, addAnotherMessage(dialog, step.group, turn.lang)] };
    }
    // Before the summary: a changed answer can break the rule of another ("household of 1" after "joint
    // application: yes"), or time can ("at least 14 days ahead" in a draft resumed a week later).
    for (const answer of await activeAnswers(dialog, draft)) {
      const problem = await brokenRule(dialog, draft, answer, answer.value);
      if (!problem) continue;
      draft.pending = { kind: 'field', path: answer.path };
      await this.offerSuggestion(dialog, draft, answer, turn.profile);
      return { draft, messages: [...before, repromptMessage(dialog, draft, answer, problem, turn.lang)] };
    }
    draft.pending = { kind: 'summary' };
    const summary = await summaryMessage(
      dialog,
      draft,
      this.recipients.forTenant(turn.tenantId ?? DEFAULT_TENANT),
      turn.lang,
    );
    if (summaryText) summary.text = summaryText;
    return { draft, messages: [...before, summary] };
  }

  async ask(
    dialog: CompiledDialog,
    draft: Draft,
    slot: FieldSlot,
    turn: FormTurn,
    before: OutgoingMessage[],
  ): Promise<FormReply> {
    await this.offerSuggestion(dialog, draft, slot, turn.profile);
    return { draft, messages: [...before, questionMessage(dialog, draft, slot, turn.lang)] };
  }

  /** A one-tap answer from an earlier answer (`suggest`) or from the conversation's profile. */
  private async offerSuggestion(dialog: CompiledDialog, draft: Draft, slot: FieldSlot, profile: Profile) {
    const { field } = slot;
    let value: unknown;
    if (field.suggest !== undefined) {
      const { input, bindings } = scopeOf(draft, slot);
      value = await dialog.expression(field.suggest).evaluate(input, bindings);
    } else if (field.profile !== undefined) {
      value = profile[field.profile];
    }
    if (value !== undefined && value !== null && VALUE_SCHEMAS[field.type].safeParse(value).success) {
      draft.suggestions[slot.path] = value;
    } else {
      delete draft.suggestions[slot.path];
    }
  }

  /** "Zurück": the last question answered (and still asked) is asked again. */
  async back(dialog: CompiledDialog, draft: Draft, turn: FormTurn): Promise<FormReply> {
    draft.confirmingCancel = false;
    while (draft.history.length > 0) {
      const last = draft.history.pop() ?? '';
      if (last.startsWith('+')) {
        const group = last.slice(1);
        const items = itemsOf(draft.values, group);
        const lastItem = items[items.length - 1];
        if (lastItem && Object.keys(lastItem).length === 0) draft.values[group] = items.slice(0, -1);
        draft.closedGroups = draft.closedGroups.filter((id) => id !== group);
        const field = dialog.topField(group);
        if (field?.type !== 'group') continue;
        draft.pending = { kind: 'addAnother', group };
        return { draft, messages: [addAnotherMessage(dialog, field, turn.lang)] };
      }
      const slot = slotAt(dialog, last);
      if (!slot) continue;
      removeAnswer(draft, last);
      draft.pending = { kind: 'field', path: last };
      draft.failures = 0;
      return this.ask(dialog, draft, slot, turn, []);
    }
    return this.repeat(dialog, draft, turn);
  }

  askCancel(dialog: CompiledDialog, draft: Draft, turn: FormTurn): FormReply {
    const texts = FORM_TEXTS[turn.lang];
    draft.confirmingCancel = true;
    return {
      draft,
      messages: [
        {
          text: texts.reallyCancel,
          choices: [
            { title: texts.cancel, value: { action: 'form', op: 'confirmCancel' } },
            { title: texts.keepGoing, value: { action: 'form', op: 'resume' } },
          ],
          channelData: { dialog: { id: dialog.id, state: 'asking', field: 'confirmCancel' } },
        },
      ],
    };
  }

  cancelled(dialog: CompiledDialog, turn: FormTurn): FormReply {
    const texts = FORM_TEXTS[turn.lang];
    return {
      draft: undefined,
      messages: [
        {
          text: texts.cancelled,
          choices: [{ title: texts.restart, value: { action: 'form', op: 'start', dialogId: dialog.id } }],
          channelData: { dialog: { id: dialog.id, state: 'cancelled' } },
        },
      ],
    };
  }

  async answerAddAnother(
    dialog: CompiledDialog,
    draft: Draft,
    group: string,
    yes: boolean,
    turn: FormTurn,
  ): Promise<FormReply> {
    if (yes) draft.values[group] = [...itemsOf(draft.values, group), {}];
    else draft.closedGroups = [...new Set([...draft.closedGroups, group])];
    noteAnswered(draft, `+${group}`);
    return this.advance(dialog, draft, turn, []);
  }

  /** "Das Kennzeichen ist falsch, es ist M-XY 99": takes the new value, or asks for it when none is given. */
  async correct(dialog: CompiledDialog, draft: Draft, text: string, turn: FormTurn): Promise<FormReply | undefined> {
    const slot = await findMentionedField(dialog, draft, text, turn.lang);
    const texts = FORM_TEXTS[turn.lang];
    if (!slot) {
      return draft.pending.kind === 'summary' ? this.advance(dialog, draft, turn, [], texts.whatToChange) : undefined;
    }
    const context = { lang: turn.lang, now: this.now() };
    const tail = correctedValueText(text);
    const candidates: AnswerOutcome[] = [];
    if (tail) candidates.push(parseAnswer(slot.field, tail, context));
    if (!['text', 'personName', 'choice', 'yesNo'].includes(slot.field.type)) {
      candidates.push(parseAnswer(slot.field, text, context));
    }
    const usable = candidates.find((candidate) => candidate.status === 'ok');
    const label = slotLabel(slot, turn.lang);
    if (usable?.status === 'ok') {
      const problem = await brokenRule(dialog, draft, slot, usable.value);
      if (!problem) {
        setAnswer(draft, slot.path, usable.value);
        noteAnswered(draft, slot.path);
        draft.failures = 0;
        const changed = texts.changed(slotLabel(slot, turn.lang), formatValue(slot.field, usable.value, turn.lang));
        return this.advance(dialog, draft, turn, [{ text: changed }]);
      }
      // The new value breaks a rule: say which, and ask again (the old answer stays until a good one comes).
      draft.pending = { kind: 'field', path: slot.path };
      draft.failures = 1;
      await this.offerSuggestion(dialog, draft, slot, turn.profile);
      return { draft, messages: [repromptMessage(dialog, draft, slot, problem, turn.lang)] };
    }
    draft.pending = { kind: 'field', path: slot.path };
    draft.failures = 0;
    return this.ask(dialog, draft, slot, turn, [{ text: texts.whichValue(label) }]);
  }
}

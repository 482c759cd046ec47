import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '../bot/messages.js';
import { type Language, localize } from '../catalogue/schema.js';
import type { RejectedUpload, UploadReference } from '../uploads/attachments.js';
import { itemsOf, noteAnswered, setAnswer } from './answers.js';
import type { CompiledDialog } from './CompiledDialog.js';
import { formCommandOf, isCorrection } from './commands.js';
import { Draft } from './Draft.js';
import type { FormAction } from './FormAction.js';
import { FormSteps } from './FormSteps.js';
import { foldText } from './fields/foldText.js';
import { formatValue } from './fields/formatValue.js';
import { type AnswerOutcome, type AnswerProblem, parseAnswer, parseUpload } from './fields/parseAnswer.js';
import { parseYesNo } from './fields/parseYesNo.js';
import { VALUE_SCHEMAS } from './fields/values.js';
import { type FormSnapshot, formSnapshot } from './formSnapshot.js';
import type { FormDialogsOptions, FormInput, FormReply, FormTurn } from './formTypes.js';
import { prefillFromQuestion } from './prefillFromQuestion.js';
import { repromptMessage, slotLabel } from './prompts.js';
import type { TrustLevel } from './schema.js';
import { submitDraft } from './submitDraft.js';
import { FORM_TEXTS } from './texts.js';
import { brokenRule, type FieldSlot, slotAt } from './walkDialog.js';

export type { FormDialogsOptions, FormInput, FormReply, FormTurn, SubmitReceipt } from './formTypes.js';

const TRUST_RANK: Record<TrustLevel, number> = { none: 0, low: 1, substantial: 2, high: 3 };

/**
 * Runs the form dialogs: starts them, takes answers turn by turn (with corrections, "zurück", skipping and
 * cancelling), shows the summary and submits. Stateless itself: each call gets the draft from the conversation
 * state and returns the new one, so a draft survives anything the conversation state survives.
 */
export class FormDialogs {
  private readonly byId: Map<string, CompiledDialog>;
  private readonly steps: FormSteps;

  constructor(private readonly options: FormDialogsOptions) {
    this.byId = new Map(options.dialogs.map((dialog) => [dialog.id, dialog]));
    this.steps = new FormSteps(options.recipients, () => this.now());
  }

  find(dialogId: string): CompiledDialog | undefined {
    return this.byId.get(dialogId);
  }

  /** The dialog that applies for a catalogue entry, if there is one. */
  forService(serviceId: string): CompiledDialog | undefined {
    return this.options.dialogs.find((dialog) => dialog.definition.services.includes(serviceId));
  }

  list(): readonly CompiledDialog[] {
    return this.options.dialogs;
  }

  /** Starts a dialog, taking what the first message already says ("meinen Hund Bello") as answers. */
  async start(
    dialog: CompiledDialog,
    turn: FormTurn,
    from: { text?: string; serviceId?: string; serviceChosen?: boolean } = {},
  ): Promise<FormReply> {
    const { definition } = dialog;
    const texts = FORM_TEXTS[turn.lang];
    const title = localize(definition.title, turn.lang);
    if (TRUST_RANK[definition.trustLevel] > TRUST_RANK[this.options.chatTrustLevel]) {
      return { draft: undefined, messages: [{ text: texts.needsTrust(title) }] };
    }
    const now = this.now().toISOString();
    const draft = Draft.parse({
      dialogId: dialog.id,
      fingerprint: dialog.fingerprint,
      serviceId: from.serviceId && definition.services.includes(from.serviceId) ? from.serviceId : dialog.serviceId,
      serviceChosen: from.serviceChosen ?? false,
      submissionKey: randomUUID(),
      startedAt: now,
      updatedAt: now,
      pending: { kind: 'summary' },
    });
    if (from.text) await prefillFromQuestion(dialog, draft, from.text, { lang: turn.lang, now: this.now() });
    return this.steps.advance(dialog, draft, turn, [{ text: localize(definition.intro, turn.lang) }]);
  }

  /** One citizen message or button while a draft is open. */
  async handle(stored: Draft, input: FormInput, turn: FormTurn): Promise<FormReply> {
    const dialog = this.find(stored.dialogId);
    if (!dialog) return { draft: undefined, messages: [{ text: FORM_TEXTS[turn.lang].cancelled }] };
    const draft = Draft.parse(structuredClone(stored));
    draft.updatedAt = this.now().toISOString();
    if (input.kind === 'action') return this.handleAction(dialog, draft, input.action, turn);
    if (input.kind === 'upload') return this.handleUpload(dialog, draft, input.upload, turn);
    return this.handleText(dialog, draft, input.text.trim(), turn);
  }

  /** The pending question again, after a question in between or when the citizen comes back. */
  async repeat(stored: Draft, turn: FormTurn, intro?: string): Promise<FormReply> {
    const dialog = this.find(stored.dialogId);
    if (!dialog) return { draft: undefined, messages: [] };
    const draft = Draft.parse(structuredClone(stored));
    const reply = await this.steps.repeat(dialog, draft, turn);
    // "Weiter mit Ihrem Antrag:" leads into the question itself, one message rather than two.
    const lead = intro ?? FORM_TEXTS[turn.lang].continueWith;
    const [first, ...rest] = reply.messages;
    if (!lead || !first) return reply;
    return { ...reply, messages: [{ ...first, text: `${lead}\n\n${first.text}` }, ...rest] };
  }

  /** The draft as a service-centre agent sees it; undefined when its dialog no longer exists. */
  async describe(stored: Draft, lang: Language): Promise<FormSnapshot | undefined> {
    const dialog = this.find(stored.dialogId);
    return dialog ? formSnapshot(dialog, Draft.parse(structuredClone(stored)), lang) : undefined;
  }

  /**
   * An agent sets the answer at `path` from what they typed, read like a citizen's answer and checked against the
   * dialog's rules. The pending question stays; `resume` moves on. Returns the problem when the value is unusable.
   */
  async correctByAgent(
    stored: Draft,
    path: string,
    text: string,
    turn: FormTurn,
  ): Promise<{ draft: Draft; problem?: string }> {
    const dialog = this.find(stored.dialogId);
    const slot = dialog ? slotAt(dialog, path) : undefined;
    if (!dialog || !slot) return { draft: stored, problem: 'unknown_field' };
    const draft = Draft.parse(structuredClone(stored));
    const outcome =
      slot.field.type === 'file'
        ? ({ status: 'invalid', reason: 'file_not_expected' } as const)
        : parseAnswer(slot.field, text, this.answerContext(turn));
    const problem: AnswerProblem | undefined =
      outcome.status === 'invalid' ? outcome : await brokenRule(dialog, draft, slot, outcome.value);
    if (problem || outcome.status !== 'ok') {
      const reason = problem ?? { reason: 'unknown_option' };
      return { draft: stored, problem: 'message' in reason ? localize(reason.message, 'de') : reason.reason };
    }
    setAnswer(draft, slot.path, outcome.value);
    noteAnswered(draft, slot.path);
    delete draft.suggestions[slot.path];
    if (draft.pending.kind === 'field' && draft.pending.path === slot.path) draft.failures = 0;
    draft.updatedAt = this.now().toISOString();
    return { draft };
  }

  /**
   * Goes on with the draft after a person helped: at `path` when the agent chose a step (the question is asked again
   * with its current answer replaced), else at the next open question or the summary.
   */
  async resume(stored: Draft, turn: FormTurn, path?: string): Promise<FormReply> {
    const dialog = this.find(stored.dialogId);
    if (!dialog) return { draft: undefined, messages: [] };
    const draft = Draft.parse(structuredClone(stored));
    draft.confirmingCancel = false;
    draft.failures = 0;
    const lead = [{ text: FORM_TEXTS[turn.lang].continueWith }];
    const slot = path === undefined ? undefined : slotAt(dialog, path);
    if (slot) {
      draft.pending = { kind: 'field', path: slot.path };
      return this.steps.ask(dialog, draft, slot, turn, lead);
    }
    if (draft.pending.kind === 'field') draft.pending = { kind: 'summary' };
    return this.steps.advance(dialog, draft, turn, lead);
  }

  private async handleAction(dialog: CompiledDialog, draft: Draft, action: FormAction, turn: FormTurn) {
    const texts = FORM_TEXTS[turn.lang];
    switch (action.op) {
      case 'cancel':
        return this.steps.askCancel(dialog, draft, turn);
      case 'confirmCancel':
        return this.steps.cancelled(dialog, turn);
      case 'resume':
        draft.confirmingCancel = false;
        return this.repeat(draft, turn, '');
      case 'back':
        return this.steps.back(dialog, draft, turn);
      case 'answer':
      case 'suggestion':
      case 'skip': {
        const slot = slotAt(dialog, action.path);
        if (!slot) return this.repeat(draft, turn, '');
        const outcome = this.buttonAnswer(draft, slot, action);
        const asked = draft.pending.kind === 'field' && draft.pending.path === action.path;
        return this.accept(dialog, draft, slot, outcome, turn, asked ? [] : undefined);
      }
      case 'addAnother':
        if (draft.pending.kind !== 'addAnother' || draft.pending.group !== action.group)
          return this.repeat(draft, turn, '');
        return this.steps.answerAddAnother(dialog, draft, action.group, action.value, turn);
      case 'change': {
        const slot = slotAt(dialog, action.path);
        if (!slot) return this.repeat(draft, turn, '');
        draft.pending = { kind: 'field', path: slot.path };
        return this.steps.ask(dialog, draft, slot, turn, [{ text: texts.whichValue(slotLabel(slot, turn.lang)) }]);
      }
      case 'addItem': {
        const group = dialog.topField(action.group);
        if (group?.type !== 'group') return this.repeat(draft, turn, '');
        const items = itemsOf(draft.values, group.id);
        if (items.length < group.max) draft.values[group.id] = [...items, {}];
        draft.closedGroups = draft.closedGroups.filter((id) => id !== group.id);
        return this.steps.advance(dialog, draft, turn, []);
      }
      case 'submit':
        return submitDraft(dialog, draft, turn, this.steps, this.options);
      case 'start':
      case 'discardAndStart':
        // Starting is the caller's business (it owns the choice between drafts).
        return this.repeat(draft, turn, '');
    }
  }

  private buttonAnswer(draft: Draft, slot: FieldSlot, action: FormAction): AnswerOutcome {
    const { field } = slot;
    if (action.op === 'skip') {
      return field.optional ? { status: 'ok', value: null } : { status: 'invalid', reason: 'not_optional' };
    }
    if (action.op === 'suggestion') {
      const value = draft.suggestions[slot.path];
      return value !== undefined && VALUE_SCHEMAS[field.type].safeParse(value).success
        ? { status: 'ok', value }
        : { status: 'invalid', reason: 'unknown_option' };
    }
    if (action.op !== 'answer') return { status: 'invalid', reason: 'unknown_option' };
    if (field.type === 'yesNo' && typeof action.value === 'boolean') return { status: 'ok', value: action.value };
    if (field.type === 'choice' && field.options.some((option) => option.value === action.value)) {
      return { status: 'ok', value: action.value };
    }
    return { status: 'invalid', reason: 'unknown_option' };
  }

  private async handleUpload(
    dialog: CompiledDialog,
    draft: Draft,
    upload: { accepted: UploadReference } | { rejected: RejectedUpload },
    turn: FormTurn,
  ): Promise<FormReply> {
    const slot = draft.pending.kind === 'field' ? slotAt(dialog, draft.pending.path) : undefined;
    if (!slot) return this.repeat(draft, turn, FORM_TEXTS[turn.lang].problems.file_not_expected);
    return this.accept(dialog, draft, slot, parseUpload(slot.field, upload), turn, []);
  }

  private async handleText(dialog: CompiledDialog, draft: Draft, text: string, turn: FormTurn): Promise<FormReply> {
    if (draft.confirmingCancel) {
      const yes = parseYesNo(text);
      if (yes === true) return this.steps.cancelled(dialog, turn);
      draft.confirmingCancel = false;
      if (yes === false) return this.repeat(draft, turn, '');
    }
    const command = formCommandOf(text);
    if (command === 'cancel') return this.steps.askCancel(dialog, draft, turn);
    if (command === 'back') return this.steps.back(dialog, draft, turn);
    const pendingSlot = draft.pending.kind === 'field' ? slotAt(dialog, draft.pending.path) : undefined;
    if (command === 'skip' && pendingSlot) {
      const outcome: AnswerOutcome = pendingSlot.field.optional
        ? { status: 'ok', value: null }
        : { status: 'invalid', reason: 'not_optional' };
      return this.accept(dialog, draft, pendingSlot, outcome, turn, []);
    }
    if (isCorrection(text)) {
      const corrected = await this.steps.correct(dialog, draft, text, turn);
      if (corrected) return corrected;
    }
    switch (draft.pending.kind) {
      case 'field': {
        if (!pendingSlot) return this.steps.advance(dialog, draft, turn, []);
        return this.accept(
          dialog,
          draft,
          pendingSlot,
          parseAnswer(pendingSlot.field, text, this.answerContext(turn)),
          turn,
          [],
        );
      }
      case 'addAnother': {
        const yes = parseYesNo(text);
        if (yes !== undefined) return this.steps.answerAddAnother(dialog, draft, draft.pending.group, yes, turn);
        return this.unusable(draft, await this.repeat(draft, turn, FORM_TEXTS[turn.lang].problems.not_yes_no ?? ''));
      }
      case 'summary': {
        const yes =
          parseYesNo(text) ?? (/^(?:absenden|abschicken|senden|submit|send)\b/i.test(text) ? true : undefined);
        if (yes === true) return submitDraft(dialog, draft, turn, this.steps, this.options);
        if (yes === false) return this.steps.advance(dialog, draft, turn, [], FORM_TEXTS[turn.lang].whatToChange);
        return this.unusable(draft, await this.steps.advance(dialog, draft, turn, []));
      }
      case 'exit': {
        if (parseYesNo(text) === false || /\b(?:aendern|change)\b/.test(foldText(text)))
          return this.steps.back(dialog, draft, turn);
        return this.unusable(draft, await this.steps.advance(dialog, draft, turn, []));
      }
    }
  }

  /** Takes an answer for a question (checking the dialog's rules), or re-prompts saying what was wrong. */
  private async accept(
    dialog: CompiledDialog,
    draft: Draft,
    slot: FieldSlot,
    outcome: AnswerOutcome,
    turn: FormTurn,
    before: OutgoingMessage[] | undefined,
  ): Promise<FormReply> {
    const problem: AnswerProblem | undefined =
      outcome.status === 'invalid' ? outcome : await brokenRule(dialog, draft, slot, outcome.value);
    if (problem || outcome.status !== 'ok') {
      draft.failures++;
      draft.pending = { kind: 'field', path: slot.path };
      const reason = problem ?? { reason: 'unknown_option' };
      return { draft, messages: [repromptMessage(dialog, draft, slot, reason, turn.lang)], unusable: true };
    }
    setAnswer(draft, slot.path, outcome.value);
    noteAnswered(draft, slot.path);
    delete draft.suggestions[slot.path];
    draft.failures = 0;
    const confirmation =
      before === undefined
        ? [
            {
              text: FORM_TEXTS[turn.lang].changed(
                localize(slot.field.label, turn.lang),
                formatValue(slot.field, outcome.value, turn.lang),
              ),
            },
          ]
        : before;
    return this.steps.advance(dialog, draft, turn, confirmation);
  }

  private unusable(draft: Draft, reply: FormReply): FormReply {
    return { ...reply, draft: reply.draft ?? draft, unusable: true };
  }

  private answerContext(turn: FormTurn) {
    return { lang: turn.lang, now: this.now() };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

import { randomUUID } from 'node:crypto';
import type { Recipient } from '../applications/recipients.js';
import type { ApplicationSubmission } from '../applications/types.js';
import type { OutgoingMessage } from '../bot/messages.js';
import { type Language, localize } from '../catalogue/schema.js';
import { type RejectedUpload, UploadReference } from '../uploads/attachments.js';
import { itemsOf, noteAnswered, removeAnswer, setAnswer } from './answers.js';
import type { CompiledDialog } from './CompiledDialog.js';
import { correctedValueText, formCommandOf, isCorrection } from './commands.js';
import { Draft } from './Draft.js';
import type { FormAction } from './FormAction.js';
import { formatValue } from './fields/formatValue.js';
import { type AnswerOutcome, type AnswerProblem, parseAnswer, parseUpload } from './fields/parseAnswer.js';
import { parseYesNo } from './fields/parseYesNo.js';
import { VALUE_SCHEMAS } from './fields/values.js';
import { findMentionedField } from './findMentionedField.js';
import { type Profile, profileOf } from './Profile.js';
import { prefillFromQuestion } from './prefillFromQuestion.js';
import { addAnotherMessage, questionMessage, repromptMessage, slotLabel } from './prompts.js';
import type { TrustLevel } from './schema.js';
import { computeValues, recipientsOf, summaryLines, summaryMessage } from './summary.js';
import { FORM_TEXTS } from './texts.js';
import { activeAnswers, activeValues, type FieldSlot, nextStep, scopeOf, slotAt } from './walkDialog.js';

export interface SubmitReceipt {
  reference: string;
  duplicate: boolean;
  /** Where the citizen can view and download the receipt. */
  receiptUrl?: string;
  downloadUrl?: string;
}

export interface FormDialogsOptions {
  dialogs: readonly CompiledDialog[];
  recipients: Record<string, Recipient>;
  /** Stores the application and queues its deliveries; throws when it could not be stored. */
  submit(submission: ApplicationSubmission): Promise<SubmitReceipt>;
  /** The level of assurance this chat can establish about who the citizen is (eIDAS). */
  chatTrustLevel: TrustLevel;
  /** The LeiKa keys of a catalogue entry, sent with the application. */
  leikaOf(serviceId: string): string[];
  now?: () => Date;
}

/** What a form turn needs to know about the conversation. */
export interface FormTurn {
  lang: Language;
  conversationId: string;
  /** What the citizen told earlier dialogs of this conversation, offered as one-tap answers. */
  profile: Profile;
}

export type FormInput =
  | { kind: 'text'; text: string }
  | { kind: 'action'; action: FormAction }
  | { kind: 'upload'; upload: { accepted: UploadReference } | { rejected: RejectedUpload } };

export interface FormReply {
  /** The draft after this turn; undefined when the dialog ended (submitted or cancelled). */
  draft: Draft | undefined;
  messages: OutgoingMessage[];
  /**
   * The message could not be used as an answer. The caller may treat it as a question in between instead (and keep
   * the draft it had); otherwise it sends `messages`, which say what was wrong.
   */
  unusable?: boolean;
  submitted?: { reference: string; profile: Profile };
}

const TRUST_RANK: Record<TrustLevel, number> = { none: 0, low: 1, substantial: 2, high: 3 };

/**
 * Runs the form dialogs: starts them, takes answers turn by turn (with corrections, "zurück", skipping and
 * cancelling), shows the summary and submits. Stateless itself: each call gets the draft from the conversation
 * state and returns the new one, so a draft survives anything the conversation state survives.
 */
export class FormDialogs {
  private readonly byId: Map<string, CompiledDialog>;

  constructor(private readonly options: FormDialogsOptions) {
    this.byId = new Map(options.dialogs.map((dialog) => [dialog.id, dialog]));
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
    from: { text?: string; serviceId?: string } = {},
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
      submissionKey: randomUUID(),
      startedAt: now,
      updatedAt: now,
      pending: { kind: 'summary' },
    });
    if (from.text) await prefillFromQuestion(dialog, draft, from.text, { lang: turn.lang, now: this.now() });
    return this.advance(dialog, draft, turn, [{ text: localize(definition.intro, turn.lang) }]);
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
    const slot = draft.pending.kind === 'field' ? slotAt(dialog, draft.pending.path) : undefined;
    const reply = slot ? await this.ask(dialog, draft, slot, turn, []) : await this.advance(dialog, draft, turn, []);
    // "Weiter mit Ihrem Antrag:" leads into the question itself, one message rather than two.
    const lead = intro ?? FORM_TEXTS[turn.lang].continueWith;
    const [first, ...rest] = reply.messages;
    if (!lead || !first) return reply;
    return { ...reply, messages: [{ ...first, text: `${lead}\n\n${first.text}` }, ...rest] };
  }

  private async handleAction(dialog: CompiledDialog, draft: Draft, action: FormAction, turn: FormTurn) {
    const texts = FORM_TEXTS[turn.lang];
    switch (action.op) {
      case 'cancel':
        return this.askCancel(dialog, draft, turn);
      case 'confirmCancel':
        return this.cancelled(dialog, turn);
      case 'resume':
        draft.confirmingCancel = false;
        return this.repeat(draft, turn, '');
      case 'back':
        return this.back(dialog, draft, turn);
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
        return this.answerAddAnother(dialog, draft, action.group, action.value, turn);
      case 'change': {
        const slot = slotAt(dialog, action.path);
        if (!slot) return this.repeat(draft, turn, '');
        draft.pending = { kind: 'field', path: slot.path };
        return this.ask(dialog, draft, slot, turn, [{ text: texts.whichValue(localize(slot.field.label, turn.lang)) }]);
      }
      case 'addItem': {
        const group = dialog.topField(action.group);
        if (group?.type !== 'group') return this.repeat(draft, turn, '');
        const items = itemsOf(draft.values, group.id);
        if (items.length < group.max) draft.values[group.id] = [...items, {}];
        draft.closedGroups = draft.closedGroups.filter((id) => id !== group.id);
        return this.advance(dialog, draft, turn, []);
      }
      case 'submit':
        return this.submit(dialog, draft, turn);
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
      if (yes === true) return this.cancelled(dialog, turn);
      draft.confirmingCancel = false;
      if (yes === false) return this.repeat(draft, turn, '');
    }
    const command = formCommandOf(text);
    if (command === 'cancel') return this.askCancel(dialog, draft, turn);
    if (command === 'back') return this.back(dialog, draft, turn);
    const pendingSlot = draft.pending.kind === 'field' ? slotAt(dialog, draft.pending.path) : undefined;
    if (command === 'skip' && pendingSlot) {
      const outcome: AnswerOutcome = pendingSlot.field.optional
        ? { status: 'ok', value: null }
        : { status: 'invalid', reason: 'not_optional' };
      return this.accept(dialog, draft, pendingSlot, outcome, turn, []);
    }
    if (isCorrection(text)) {
      const corrected = await this.correct(dialog, draft, text, turn);
      if (corrected) return corrected;
    }
    switch (draft.pending.kind) {
      case 'field': {
        if (!pendingSlot) return this.advance(dialog, draft, turn, []);
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
        if (yes !== undefined) return this.answerAddAnother(dialog, draft, draft.pending.group, yes, turn);
        return this.unusable(draft, await this.repeat(draft, turn, FORM_TEXTS[turn.lang].problems.not_yes_no ?? ''));
      }
      case 'summary': {
        const yes =
          parseYesNo(text) ?? (/^(?:absenden|abschicken|senden|submit|send)\b/i.test(text) ? true : undefined);
        if (yes === true) return this.submit(dialog, draft, turn);
        if (yes === false) return this.advance(dialog, draft, turn, [], FORM_TEXTS[turn.lang].whatToChange);
        return this.unusable(draft, await this.advance(dialog, draft, turn, []));
      }
      case 'exit': {
        if (parseYesNo(text) === false || /\b(?:aendern|ändern|change)\b/i.test(text))
          return this.back(dialog, draft, turn);
        return this.unusable(draft, await this.advance(dialog, draft, turn, []));
      }
    }
  }

  /** "Das Kennzeichen ist falsch, es ist M-XY 99": takes the new value, or asks for it when none is given. */
  private async correct(
    dialog: CompiledDialog,
    draft: Draft,
    text: string,
    turn: FormTurn,
  ): Promise<FormReply | undefined> {
    const slot = await findMentionedField(dialog, draft, text, turn.lang);
    const texts = FORM_TEXTS[turn.lang];
    if (!slot) {
      return draft.pending.kind === 'summary' ? this.advance(dialog, draft, turn, [], texts.whatToChange) : undefined;
    }
    const context = this.answerContext(turn);
    const tail = correctedValueText(text);
    const candidates: AnswerOutcome[] = [];
    if (tail) candidates.push(parseAnswer(slot.field, tail, context));
    if (!['text', 'personName', 'choice', 'yesNo'].includes(slot.field.type)) {
      candidates.push(parseAnswer(slot.field, text, context));
    }
    const usable = candidates.find((candidate) => candidate.status === 'ok');
    const label = slotLabel(slot, turn.lang);
    if (usable?.status === 'ok') {
      const problem = await this.checkRules(dialog, draft, slot, usable.value);
      if (!problem) {
        setAnswer(draft, slot.path, usable.value);
        noteAnswered(draft, slot.path);
        draft.failures = 0;
        const changed = texts.changed(slotLabel(slot, turn.lang), formatValue(slot.field, usable.value, turn.lang));
        return this.advance(dialog, draft, turn, [{ text: changed }]);
      }
    }
    draft.pending = { kind: 'field', path: slot.path };
    draft.failures = 0;
    return this.ask(dialog, draft, slot, turn, [{ text: texts.whichValue(label) }]);
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
      outcome.status === 'invalid' ? outcome : await this.checkRules(dialog, draft, slot, outcome.value);
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
    return this.advance(dialog, draft, turn, confirmation);
  }

  private async checkRules(
    dialog: CompiledDialog,
    draft: Draft,
    slot: FieldSlot,
    value: unknown,
  ): Promise<AnswerProblem | undefined> {
    if (value === null) return undefined;
    for (const rule of slot.field.rules) {
      const { input, bindings } = scopeOf(draft, slot, value);
      if (!(await dialog.expression(rule.check).test(input, bindings)))
        return { reason: 'rule', message: rule.message };
    }
    return undefined;
  }

  private async answerAddAnother(
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

  /** "Zurück": the last question answered (and still asked) is asked again. */
  private async back(dialog: CompiledDialog, draft: Draft, turn: FormTurn): Promise<FormReply> {
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
    return this.repeat(draft, turn, '');
  }

  private askCancel(dialog: CompiledDialog, draft: Draft, turn: FormTurn): FormReply {
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

  private cancelled(dialog: CompiledDialog, turn: FormTurn): FormReply {
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

  /**
   * Goes on from the answers so far: an exit if an answer rules the application out, else the next question, the
   * "another one?" question of a group, or the summary.
   */
  private async advance(
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
      if (!(await dialog.expression(exit.when).test(answers, { service: draft.serviceId }))) continue;
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
    draft.pending = { kind: 'summary' };
    const summary = await summaryMessage(dialog, draft, this.options.recipients, turn.lang);
    if (summaryText) summary.text = summaryText;
    return { draft, messages: [...before, summary] };
  }

  private async ask(
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

  private async submit(dialog: CompiledDialog, draft: Draft, turn: FormTurn): Promise<FormReply> {
    const texts = FORM_TEXTS[turn.lang];
    const checked = await this.advance(dialog, structuredClone(draft), turn, []);
    if (checked.draft?.pending.kind !== 'summary') return checked;
    const { definition } = dialog;
    const answers = await summaryLines(dialog, draft, 'de');
    const submission: ApplicationSubmission = {
      submissionKey: draft.submissionKey,
      dialogId: dialog.id,
      dialogFingerprint: dialog.fingerprint,
      serviceId: draft.serviceId,
      leika: this.options.leikaOf(draft.serviceId),
      referencePrefix: definition.referencePrefix,
      conversationId: turn.conversationId,
      lang: turn.lang,
      values: await activeValues(dialog, draft),
      computed: await computeValues(dialog, draft),
      summary: answers,
      citizenSummary: turn.lang === 'de' ? answers : await summaryLines(dialog, draft, turn.lang),
      title: { de: definition.title.de, citizen: localize(definition.title, turn.lang) },
      attachments: await attachmentsOf(dialog, draft),
      recipients: await recipientsOf(dialog, draft),
    };
    let receipt: SubmitReceipt;
    try {
      receipt = await this.options.submit(submission);
    } catch {
      return {
        draft,
        messages: [
          { text: texts.submitFailed, choices: [{ title: texts.submit, value: { action: 'form', op: 'submit' } }] },
        ],
      };
    }
    const links = [
      ...(receipt.receiptUrl ? [{ title: texts.receipt, url: receipt.receiptUrl }] : []),
      ...(receipt.downloadUrl ? [{ title: texts.receiptDownload, url: receipt.downloadUrl }] : []),
    ];
    const message: OutgoingMessage = {
      text: texts.submitted(receipt.reference),
      card: {
        title: submission.title.citizen,
        subtitle: receipt.reference,
        summary: localize(definition.nextSteps, turn.lang),
        facts: submission.citizenSummary.map((line) => ({ label: line.label, value: line.value })),
        lists: [],
        blocks: [],
        links,
      },
      channelData: { dialog: { id: dialog.id, state: 'submitted' } },
    };
    return {
      draft: undefined,
      messages: [message],
      submitted: { reference: receipt.reference, profile: await profileOf(dialog, draft) },
    };
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

async function attachmentsOf(dialog: CompiledDialog, draft: Draft): Promise<ApplicationSubmission['attachments']> {
  const attachments: ApplicationSubmission['attachments'] = [];
  for (const answer of await activeAnswers(dialog, draft)) {
    const file = UploadReference.safeParse(answer.value);
    if (answer.field.type !== 'file' || !file.success) continue;
    const { uploadId, name, contentType, size, sha256 } = file.data;
    attachments.push({ path: answer.path, uploadId, name, contentType, size, sha256 });
  }
  return attachments;
}

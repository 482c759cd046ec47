import type { TurnContext } from 'botbuilder';
import type { Language } from '../catalogue/schema.js';
import type { CompiledDialog } from '../dialogs/CompiledDialog.js';
import { type Draft, splitPath } from '../dialogs/Draft.js';
import type { FormAction } from '../dialogs/FormAction.js';
import type { FormDialogs, FormInput, FormReply, FormTurn } from '../dialogs/FormDialogs.js';
import { FAILURES_BEFORE_HUMAN } from '../dialogs/prompts.js';
import { FORM_TEXTS } from '../dialogs/texts.js';
import { slotAt } from '../dialogs/walkDialog.js';
import type { DialogEvent } from '../editor/types.js';
import {
  REJECTED_UPLOAD_ATTACHMENT,
  RejectedUpload,
  UPLOAD_ATTACHMENT,
  UploadReference,
} from '../uploads/attachments.js';
import { type ConversationData, numberedChoice } from './ConversationData.js';
import type { OutgoingMessage } from './messages.js';

/** Drafts untouched for this long are dropped rather than resumed. */
const DRAFT_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface FormTurnHost {
  send(context: TurnContext, data: ConversationData, message: OutgoingMessage): Promise<void>;
  /**
   * Answers a message as a question in between if it is one (a cost question, "wer sind Sie?"); true if answered.
   * `question`: the message looks like a question, rather than an answer the form could not use.
   */
  answerDigression(context: TurnContext, data: ConversationData, text: string, question: boolean): Promise<boolean>;
  /** Hands the conversation to a person, when one can take it (after repeated unusable answers). */
  escalate(context: TurnContext, data: ConversationData, reason: 'form_failures'): Promise<void>;
  /** True while a person has the conversation: the form waits. */
  paused(context: TurnContext): boolean;
  /** The turn's municipality: its applications go to its recipients. */
  tenantId(context: TurnContext): string;
  /** Whether the turn's municipality offers the dialog in the chat (docs/tenants.md). */
  offersDialog(context: TurnContext, dialogId: string): boolean;
  /** A step of a dialog (started, a field asked, submitted, cancelled), for the analytics. */
  dialogEvent?(context: TurnContext, event: Pick<DialogEvent, 'dialogId' | 'kind' | 'field'>): void;
}

/**
 * The conversation side of form dialogs: which turn goes to the draft, when a message is a question in between,
 * and what is kept in the conversation state (draft, profile, last submission).
 */
export class FormTurns {
  constructor(
    private readonly forms: FormDialogs,
    private readonly host: FormTurnHost,
  ) {}

  /** The service's dialog, if the turn's municipality offers it. */
  dialogForService(context: TurnContext, serviceId: string): CompiledDialog | undefined {
    return this.offered(context, this.forms.forService(serviceId));
  }

  /** Drops a draft that is too old or whose dialog no longer exists or is no longer offered. */
  expire(context: TurnContext, data: ConversationData, now = Date.now()): void {
    const draft = data.draft;
    if (!draft) return;
    const dialog = this.offered(context, this.forms.find(draft.dialogId));
    if (!dialog || now - Date.parse(draft.updatedAt) > DRAFT_TTL_MS) data.draft = undefined;
  }

  private offered(context: TurnContext, dialog: CompiledDialog | undefined): CompiledDialog | undefined {
    return dialog && this.host.offersDialog(context, dialog.id) ? dialog : undefined;
  }

  /** True when a typed number is an answer (a field asking for a number or text), not the pick of a button. */
  expectsTyping(data: ConversationData): boolean {
    const draft = data.draft;
    if (!draft || draft.confirmingCancel || draft.pending.kind !== 'field') return false;
    const dialog = this.forms.find(draft.dialogId);
    const type = dialog ? slotAt(dialog, draft.pending.path)?.field.type : undefined;
    return type !== undefined && type !== 'choice' && type !== 'yesNo';
  }

  async start(
    context: TurnContext,
    data: ConversationData,
    dialog: CompiledDialog,
    from: { text?: string; serviceId?: string; serviceChosen?: boolean } = {},
  ): Promise<void> {
    const turn = this.turnOf(context, data);
    const texts = FORM_TEXTS[turn.lang];
    if (data.draft && data.draft.dialogId !== dialog.id) {
      const open = this.forms.find(data.draft.dialogId);
      if (open) {
        const openTitle = titleOf(open, turn.lang);
        return this.host.send(context, data, {
          text: texts.otherDraft(openTitle),
          choices: [
            { title: texts.continueDraft(openTitle), value: { action: 'form', op: 'resume' } },
            {
              title: texts.discardAndStart(titleOf(dialog, turn.lang)),
              value: { action: 'form', op: 'discardAndStart', dialogId: dialog.id, serviceId: from.serviceId },
            },
          ],
        });
      }
    }
    if (data.draft) {
      return this.apply(
        context,
        data,
        await this.forms.repeat(data.draft, turn, texts.resumeDraft(titleOf(dialog, turn.lang))),
      );
    }
    data.lastServiceId = dialog.serviceId;
    data.lastAspect = undefined;
    await this.apply(context, data, await this.forms.start(dialog, turn, from));
  }

  async action(context: TurnContext, data: ConversationData, action: FormAction): Promise<void> {
    const turn = this.turnOf(context, data);
    const texts = FORM_TEXTS[turn.lang];
    if (action.op === 'start' || action.op === 'discardAndStart') {
      const dialog = this.offered(context, this.forms.find(action.dialogId));
      if (!dialog) return this.host.send(context, data, { text: texts.cancelled });
      if (action.op === 'discardAndStart' && data.draft) {
        this.host.dialogEvent?.(context, { dialogId: data.draft.dialogId, kind: 'cancelled' });
        data.draft = undefined;
      }
      // A button of a catalogue answer: the citizen chose that entry.
      return this.start(context, data, dialog, {
        serviceId: action.serviceId,
        serviceChosen: action.serviceId !== undefined,
      });
    }
    if (!data.draft) {
      const text =
        data.lastSubmission && action.op === 'submit'
          ? texts.alreadySubmitted(data.lastSubmission.reference)
          : texts.cancelled;
      return this.host.send(context, data, { text });
    }
    await this.apply(context, data, await this.forms.handle(data.draft, { kind: 'action', action }, turn));
  }

  /** A file the channel stored for this turn, if the message carries one. */
  uploadOf(context: TurnContext): Extract<FormInput, { kind: 'upload' }> | undefined {
    for (const attachment of context.activity.attachments ?? []) {
      if (attachment.contentType === UPLOAD_ATTACHMENT) {
        const accepted = UploadReference.safeParse(attachment.content);
        if (accepted.success) return { kind: 'upload', upload: { accepted: accepted.data } };
      }
      if (attachment.contentType === REJECTED_UPLOAD_ATTACHMENT) {
        const rejected = RejectedUpload.safeParse(attachment.content);
        if (rejected.success) return { kind: 'upload', upload: { rejected: rejected.data } };
      }
    }
    return undefined;
  }

  async upload(context: TurnContext, data: ConversationData, input: Extract<FormInput, { kind: 'upload' }>) {
    const turn = this.turnOf(context, data);
    if (!data.draft)
      return this.host.send(context, data, { text: FORM_TEXTS[turn.lang].problems.file_not_expected ?? '' });
    await this.apply(context, data, await this.forms.handle(data.draft, input, turn));
  }

  /**
   * A typed message while a draft is open: an answer, a command or correction, or a question in between. A message
   * that looks like a question is tried as one first; any other message only when it is no usable answer.
   */
  async text(context: TurnContext, data: ConversationData, text: string): Promise<void> {
    const draft = data.draft;
    if (!draft) return;
    const question = looksLikeQuestion(text);
    if (question && (await this.digression(context, data, text, true))) return;
    const reply = await this.forms.handle(draft, { kind: 'text', text }, this.turnOf(context, data));
    if (reply.unusable) {
      // On a channel without buttons, "1" under a typed question is the answer if it can be, else the button.
      const choice = numberedChoice(data, text);
      if (choice?.action === 'form') return this.action(context, data, choice);
      if (!question && (await this.digression(context, data, text, false))) return;
    }
    await this.apply(context, data, reply);
  }

  /** After a button outside the form (a service, "talk to a person"): back to the pending question. */
  async remind(context: TurnContext, data: ConversationData): Promise<void> {
    if (!data.draft || this.host.paused(context)) return;
    await this.apply(context, data, await this.forms.repeat(data.draft, this.turnOf(context, data)));
  }

  private async digression(
    context: TurnContext,
    data: ConversationData,
    text: string,
    question: boolean,
  ): Promise<boolean> {
    const draft = data.draft;
    const dialog = draft ? this.forms.find(draft.dialogId) : undefined;
    // "Was kostet das?" in a form means the service applied for.
    if (dialog) data.lastServiceId = draft?.serviceId ?? dialog.serviceId;
    if (!(await this.host.answerDigression(context, data, text, question))) return false;
    data.draft = draft;
    await this.remind(context, data);
    return true;
  }

  private async apply(context: TurnContext, data: ConversationData, reply: FormReply): Promise<void> {
    this.reportSteps(context, data.draft, reply);
    data.draft = reply.draft;
    if (reply.submitted) {
      data.profile = { ...data.profile, ...reply.submitted.profile };
      data.lastSubmission = { reference: reply.submitted.reference };
    }
    for (const message of reply.messages) await this.host.send(context, data, message);
    if (reply.unusable && reply.draft?.failures === FAILURES_BEFORE_HUMAN) {
      await this.host.escalate(context, data, 'form_failures');
    }
  }

  /** What changed between the draft before and after a reply, as dialog events. */
  private reportSteps(context: TurnContext, before: Draft | undefined, reply: FormReply): void {
    const report = this.host.dialogEvent;
    if (!report) return;
    const after = reply.draft;
    const started = after !== undefined && (before === undefined || before.dialogId !== after.dialogId);
    if (started) report(context, { dialogId: after.dialogId, kind: 'started' });
    if (before && (reply.submitted || !after)) {
      report(context, { dialogId: before.dialogId, kind: reply.submitted ? 'submitted' : 'cancelled' });
    }
    if (after?.pending.kind !== 'field') return;
    const previous = !started && before?.pending.kind === 'field' ? before.pending.path : undefined;
    // The field, not its place in a group: "dogs[1].name" is the funnel's step "dogs.name".
    const { group, field } = splitPath(after.pending.path);
    if (after.pending.path !== previous) {
      report(context, { dialogId: after.dialogId, kind: 'asked', field: group ? `${group}.${field}` : field });
    }
  }

  private turnOf(context: TurnContext, data: ConversationData): FormTurn {
    return {
      lang: data.lang ?? 'de',
      conversationId: context.activity.conversation.id,
      tenantId: this.host.tenantId(context),
      profile: data.profile,
    };
  }
}

function titleOf(dialog: CompiledDialog, lang: Language): string {
  return (lang === 'en' ? dialog.definition.title.en : undefined) ?? dialog.definition.title.de;
}

/** "Was kostet das eigentlich?", "Wo ist das Amt", "how long does it take": questions rather than answers. */
function looksLikeQuestion(text: string): boolean {
  return (
    /\?\s*$/.test(text) ||
    /^(?:was|wie|wo|wann|warum|wieso|weshalb|welche\w*|wer|wohin|woher|kann|muss|darf|gibt es|what|how|where|when|why|which|who|can|do|does|is|are)\b/i.test(
      text.trim(),
    )
  );
}

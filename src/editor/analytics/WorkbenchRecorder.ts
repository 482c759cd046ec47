import type { Logger } from '../../logger.js';
import type { AnalyticsRepository, InboxRepository } from '../../storage/repositories.js';
import { inboxReason, LOW_CONFIDENCE } from '../inbox/inboxReason.js';
import { scrubPersonalData } from '../inbox/scrubPersonalData.js';
import type { DialogEvent, InboxReason, NewInboxEntry } from '../types.js';
import type { HandoverRequested, TurnObserver, UnderstoodTurn } from './TurnObserver.js';

export interface WorkbenchRecorderOptions {
  storage: { inbox: InboxRepository; analytics: AnalyticsRepository };
  logger?: Pick<Logger, 'warn'>;
  /** Score below which an answered service question goes to the inbox; default `LOW_CONFIDENCE`. */
  lowConfidence?: number;
  /** Conversations whose last question is kept for a later request for a person; default 10,000. */
  rememberConversations?: number;
}

/** The last question of a conversation, kept until the next one or a request for a person. */
interface LastQuestion {
  turn: UnderstoodTurn;
  /** Already in the inbox (as out of scope, ambiguous or low confidence): a handover adds no second entry. */
  inboxed: boolean;
  at: number;
}

/** A question older than this is no longer "the question before" a request for a person. */
const QUESTION_TTL_MS = 60 * 60 * 1000;
const INBOX_TEXT_MAX = 1000;

/**
 * Turns what the bot observed into analytics rows (`recordTurn`, `recordDialogEvent`) and inbox entries, scrubbed of
 * personal data. Writes run in the background and never reach the citizen: a failed write is logged and dropped.
 * The question before a request for a person is kept in memory (bounded), so after a restart that one is lost.
 */
export class WorkbenchRecorder implements TurnObserver {
  private readonly pending = new Set<Promise<void>>();
  private readonly lastQuestions = new Map<string, LastQuestion>();

  constructor(private readonly options: WorkbenchRecorderOptions) {}

  understood(turn: UnderstoodTurn): void {
    const { result } = turn;
    this.write('turn', () =>
      this.options.storage.analytics.recordTurn({
        at: turn.at,
        conversationId: turn.conversationId,
        tenantId: turn.tenantId,
        lang: result.lang,
        outcome: turn.outcome,
        intent: result.intent,
        serviceId: turn.serviceId,
      }),
    );
    if (turn.outcome === 'handover') {
      this.handoverRequested({
        at: turn.at,
        conversationId: turn.conversationId,
        tenantId: turn.tenantId,
        lang: result.lang,
      });
      return;
    }
    const reason = inboxReason(turn, this.options.lowConfidence ?? LOW_CONFIDENCE);
    if (reason) this.addToInbox(turn, reason);
    // Only questions: "Hallo" or "Was kostet das?" before "Mensch bitte" tell an editor nothing.
    const question = turn.outcome !== 'answered' || (turn.serviceId !== undefined && !turn.fromContext);
    if (question) this.remember(turn, reason !== undefined);
    else this.lastQuestions.delete(turn.conversationId);
  }

  handoverRequested(request: HandoverRequested): void {
    const last = this.lastQuestions.get(request.conversationId);
    if (!last || last.inboxed || Date.now() - last.at > QUESTION_TTL_MS) return;
    last.inboxed = true;
    this.addToInbox({ ...last.turn, at: request.at }, 'handover');
  }

  dialogEvent(event: DialogEvent): void {
    this.write('dialog event', () => this.options.storage.analytics.recordDialogEvent(event));
  }

  /**
   * Forgets what is kept in memory of a conversation (its last question) and waits for the writes under way, so that
   * once it resolves no inbox entry of the conversation is still to come: the citizen deleted the chat.
   */
  async forget(conversationId: string): Promise<void> {
    this.lastQuestions.delete(conversationId);
    await this.flush();
  }

  /** Resolves once everything observed so far is stored (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private addToInbox(turn: UnderstoodTurn, reason: InboxReason): void {
    const { result } = turn;
    const text = scrubPersonalData(result.text, result.lang).trim().slice(0, INBOX_TEXT_MAX);
    if (!text) return;
    const entry: NewInboxEntry = {
      at: turn.at,
      lang: result.lang,
      text,
      reason,
      intent: result.intent,
      score: result.score,
      conversationId: turn.conversationId,
      tenantId: turn.tenantId,
    };
    this.write('inbox entry', () => this.options.storage.inbox.addInboxEntry(entry));
  }

  private remember(turn: UnderstoodTurn, inboxed: boolean): void {
    const limit = this.options.rememberConversations ?? 10_000;
    this.lastQuestions.delete(turn.conversationId);
    this.lastQuestions.set(turn.conversationId, { turn, inboxed, at: Date.now() });
    // A Map iterates in insertion order: the first key is the conversation heard from longest ago.
    while (this.lastQuestions.size > limit) {
      const oldest = this.lastQuestions.keys().next().value;
      if (oldest === undefined) break;
      this.lastQuestions.delete(oldest);
    }
  }

  private write(what: string, store: () => Promise<unknown>): void {
    const done = Promise.resolve()
      .then(store)
      .then(
        () => undefined,
        (error: unknown) => this.options.logger?.warn({ err: error }, `workbench recorder: storing the ${what} failed`),
      )
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }
}

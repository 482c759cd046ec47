import type { TurnContext } from 'botbuilder';
import type { Language } from '../catalogue/schema.js';
import type { TurnObserver, UnderstoodTurn } from '../editor/analytics/TurnObserver.js';
import type { DialogEvent, TurnOutcome } from '../editor/types.js';
import type { ParseResult } from '../nlu/Understanding.js';

/** What the bot did with a message it understood, for the observer. */
export interface Handled {
  outcome: TurnOutcome;
  serviceId?: string;
  fromContext?: boolean;
}

/**
 * Reports the bot's turns to its optional observer (the editors' inbox and analytics), stamped with the time, the
 * conversation and its tenant. Without an observer it does nothing; the observer must never fail or slow down a
 * turn: whatever it throws is dropped here.
 */
export class TurnReports {
  constructor(
    private readonly observer: TurnObserver | undefined,
    /** The turn's tenant, whose editors see what it reports. */
    private readonly tenantOf: (context: TurnContext) => string,
  ) {}

  /** A message the bot understood, and what it did with it. */
  understood(context: TurnContext, result: ParseResult, handled: Handled): void {
    const turn: UnderstoodTurn = { ...this.stamp(context), result, ...handled };
    this.tell((observer) => observer.understood(turn));
  }

  /** The citizen asked for a person. */
  handoverRequested(context: TurnContext, lang: Language): void {
    this.tell((observer) => observer.handoverRequested({ ...this.stamp(context), lang }));
  }

  /** A step of a form dialog. */
  dialogEvent(context: TurnContext, event: Pick<DialogEvent, 'dialogId' | 'kind' | 'field'>): void {
    this.tell((observer) => observer.dialogEvent({ ...event, ...this.stamp(context) }));
  }

  /** When, in which conversation and for which tenant. */
  private stamp(context: TurnContext): { at: string; conversationId: string; tenantId: string } {
    return { at: now(), conversationId: conversationOf(context), tenantId: this.tenantOf(context) };
  }

  private tell(tell: (observer: TurnObserver) => void): void {
    const { observer } = this;
    if (!observer) return;
    try {
      tell(observer);
    } catch {
      // Recording is best effort; the citizen's turn goes on.
    }
  }
}

function conversationOf(context: TurnContext): string {
  return context.activity.conversation.id;
}

function now(): string {
  return new Date().toISOString();
}

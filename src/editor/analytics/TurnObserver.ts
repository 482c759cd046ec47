import type { Language } from '../../catalogue/schema.js';
import type { ParseResult } from '../../nlu/Understanding.js';
import type { DialogEvent, TurnOutcome } from '../types.js';

/** A citizen's typed message the bot had to understand, and what it did with it. */
export interface UnderstoodTurn {
  at: string;
  conversationId: string;
  /** The conversation's tenant; default `default`. */
  tenantId?: string;
  /** What the live model made of the message; `text` is as typed, personal data and all. */
  result: ParseResult;
  outcome: TurnOutcome;
  /** The catalogue entry answered or applied for, if any. */
  serviceId?: string;
  /** Answered from what was talked about before ("Was kostet das?"), not from the message's own words. */
  fromContext?: boolean;
}

/** The citizen asked for a person: a button, "Mit einem Menschen sprechen" typed, or a message understood so. */
export interface HandoverRequested {
  at: string;
  conversationId: string;
  tenantId?: string;
  lang: Language;
}

/**
 * Told by the bot what happened in a turn, for the inbox and the analytics. Calls are synchronous and must return
 * at once: whatever the observer stores, it stores in the background; the bot ignores anything it throws.
 */
export interface TurnObserver {
  understood(turn: UnderstoodTurn): void;
  handoverRequested(request: HandoverRequested): void;
  dialogEvent(event: DialogEvent): void;
}

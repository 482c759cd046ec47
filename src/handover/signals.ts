import type { FormSnapshot } from '../dialogs/formSnapshot.js';
import type { ConversationAddress } from './types.js';

/**
 * What the service centre tells a conversation between the citizen's own turns. The relay runs each as a turn of
 * the conversation (after any running one), so the bot — which owns the conversation's state and wording — says it
 * on the citizen's channel. Signals that ask something (`describe`, `correct`) carry their answer back in `result`.
 */
export type HandoverSignal =
  /** The place in the queue changed. */
  | { op: 'queue'; position: number; waitSeconds: number }
  /** A person took the chat (or it was transferred to another person). */
  | { op: 'accepted'; agentName: string; transferred: boolean }
  | { op: 'message'; agentName: string; text: string }
  | { op: 'typing'; agentName: string }
  /** The person left again: the chat is back in the queue. */
  | { op: 'requeued'; position: number; waitSeconds: number }
  /**
   * The handover is over: `completed` by the person (optionally resuming the form at `resumeAt`), or `failed`
   * because nobody could take it (`closed`: the service centre closed, `nobody`: no one is online).
   */
  | { op: 'ended'; state: 'completed'; resumeAt?: string }
  | { op: 'ended'; state: 'failed'; why: 'closed' | 'nobody' }
  /** The form in progress, for the agent's view. */
  | { op: 'describe'; result?: FormSnapshot | null }
  /** An agent corrects an answer of the form in progress. */
  | {
      op: 'correct';
      path: string;
      value: string;
      result?: { ok: true; form: FormSnapshot } | { ok: false; problem: string };
    };

/** Delivers signals to conversations, on whatever channel the citizen is. */
export interface CitizenRelay {
  signal<S extends HandoverSignal>(address: ConversationAddress, signal: S): Promise<S>;
}

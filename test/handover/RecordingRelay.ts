import type { CitizenRelay, HandoverSignal } from '../../src/handover/signals.js';
import type { ConversationAddress } from '../../src/handover/types.js';

export type Op = HandoverSignal['op'];
export type SignalOf<O extends Op> = Extract<HandoverSignal, { op: O }>;

const isOp =
  <O extends Op>(op: O) =>
  (signal: HandoverSignal): signal is SignalOf<O> =>
    signal.op === op;

/**
 * Stands in for one instance's channels: records every signal the service sends a citizen, per conversation, and
 * lets a test wait for one, hold one back, or make a conversation's channel unreachable.
 */
export class RecordingRelay implements CitizenRelay {
  readonly signals: { conversationId: string; signal: HandoverSignal }[] = [];
  /** Conversations whose channel cannot be reached. */
  readonly unreachable = new Set<string>();
  private waiters: { test: (conversationId: string, signal: HandoverSignal) => boolean; resolve: () => void }[] = [];
  private readonly held = new Map<string, Promise<void>>();

  async signal<S extends HandoverSignal>(address: ConversationAddress, signal: S): Promise<S> {
    const conversationId = address.conversation.id;
    if (this.unreachable.has(conversationId)) throw new Error('channel down');
    // A turn of the conversation may take a while (the citizen's own turn runs first).
    await this.held.get(`${conversationId} ${signal.op}`);
    this.signals.push({ conversationId, signal: structuredClone(signal) });
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.test(conversationId, signal)) return true;
      waiter.resolve();
      return false;
    });
    return signal;
  }

  /** The signals `op` sent to the conversation so far. */
  of<O extends Op>(conversationId: string, op: O): SignalOf<O>[] {
    return this.signals
      .filter((item) => item.conversationId === conversationId)
      .map((item) => item.signal)
      .filter(isOp(op));
  }

  /** Holds back `op` signals to the conversation until the returned release is called. */
  hold(conversationId: string, op: Op): () => void {
    let release: () => void = () => undefined;
    this.held.set(`${conversationId} ${op}`, new Promise<void>((resolve) => (release = resolve)));
    return () => release();
  }

  /** The first signal `op` to the conversation that satisfies `predicate`, already sent or coming. */
  async waitFor<O extends Op>(
    conversationId: string,
    op: O,
    predicate: (signal: SignalOf<O>) => boolean = () => true,
  ): Promise<SignalOf<O>> {
    const test = (id: string, signal: HandoverSignal) => id === conversationId && isOp(op)(signal) && predicate(signal);
    const found = () => this.of(conversationId, op).find(predicate);
    const seen = found();
    if (seen) return seen;
    await new Promise<void>((resolve) => this.waiters.push({ test, resolve }));
    const arrived = found();
    if (!arrived) throw new Error('unreachable: a matching signal was seen');
    return arrived;
  }
}

import { STEP_TIMEOUT_MS } from '../../../src/conversationTests/Citizen.js';
import type { StateRepository } from '../../../src/storage/repositories.js';

/**
 * Counts the bot's state saves per conversation. GovBot saves a conversation's state exactly once at the end of every
 * turn (after its replies were sent), and the Socket.IO protocol has no end-of-turn event, so a citizen on the
 * widget knows a turn is over when its save has happened.
 */
export class StateWrites {
  private readonly counts = new Map<string, number>();
  private waiters: { conversationId: string; count: number; resolve: () => void }[] = [];

  /** Counts the saves through each of the repositories (several instances' storage: saves of all of them). */
  constructor(...states: StateRepository[]) {
    for (const state of states) {
      const write = state.writeState.bind(state);
      state.writeState = async (changes) => {
        await write(changes);
        // Keys are botbuilder's `<channel>/conversations/<conversation id>/<namespace>`.
        for (const key of Object.keys(changes)) {
          const conversationId = /\/conversations\/([^/]+)/.exec(key)?.[1];
          if (conversationId) this.saved(conversationId);
        }
      };
    }
  }

  count(conversationId: string): number {
    return this.counts.get(conversationId) ?? 0;
  }

  /** Resolves once the conversation's state was saved `count` times by the bot processes watched. */
  async reach(conversationId: string, count: number): Promise<void> {
    if (this.count(conversationId) >= count) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.waiters.push({ conversationId, count, resolve });
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `the bot did not finish its turn within ${STEP_TIMEOUT_MS / 1000} s (no state saved: did the turn throw?)`,
              ),
            ),
          STEP_TIMEOUT_MS,
        );
      });
    } finally {
      clearTimeout(timer);
    }
  }

  private saved(conversationId: string): void {
    const count = this.count(conversationId) + 1;
    this.counts.set(conversationId, count);
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.conversationId !== conversationId || waiter.count > count) return true;
      waiter.resolve();
      return false;
    });
  }
}

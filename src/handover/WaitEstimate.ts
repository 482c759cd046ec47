import type { HandoverRepository } from '../storage/repositories.js';

const RECENT_WAITS = 20;
const DEFAULT_WAIT_SECONDS = 180;

/** How long a waiting citizen is likely to wait, from the recent waits until a person took a chat. */
export class WaitEstimate {
  private averageWaitSeconds: number;

  constructor(
    private readonly handovers: Pick<HandoverRepository, 'recentWaits'>,
    /** Wait assumed before any handover was accepted. */
    defaultWaitSeconds = DEFAULT_WAIT_SECONDS,
  ) {
    this.averageWaitSeconds = defaultWaitSeconds;
  }

  /** Seconds until a person is likely free for the chat at `position`. */
  seconds(position: number, onlineAgents: number): number {
    return Math.round((this.averageWaitSeconds * position) / Math.max(1, onlineAgents));
  }

  /** Takes the recent waits in; after a chat was taken, here or on another instance. */
  async refresh(): Promise<void> {
    const waits = await this.handovers.recentWaits(RECENT_WAITS);
    if (waits.length === 0) return;
    this.averageWaitSeconds = Math.max(15, waits.reduce((sum, ms) => sum + ms, 0) / waits.length / 1000);
  }
}

import type { Handover } from './types.js';

export interface QueueEntry {
  handover: Handover;
  position: number;
  waitedSeconds: number;
}

/**
 * The active (queued or connected) handovers this instance knows, by conversation, and the queue place each waiting
 * citizen was last told. The database stays the truth; this is what the queue, the overviews and the checks read.
 */
export class HandoverCache {
  private readonly active = new Map<string, Handover>();
  private readonly lastPositions = new Map<string, number>();

  constructor(private readonly now: () => Date) {}

  /** The conversation's queued or connected handover. */
  get(conversationId: string): Handover | undefined {
    return this.active.get(conversationId);
  }

  byId(handoverId: string): Handover | undefined {
    for (const handover of this.active.values()) if (handover.id === handoverId) return handover;
    return undefined;
  }

  set(handover: Handover): void {
    this.active.set(handover.conversationId, handover);
  }

  delete(conversationId: string): void {
    this.active.delete(conversationId);
  }

  /** Keeps a handover that is still active; forgets an ended one and the place its citizen was told. */
  update(handover: Handover): void {
    if (handover.status === 'queued' || handover.status === 'connected') {
      this.active.set(handover.conversationId, handover);
    } else {
      this.active.delete(handover.conversationId);
      this.lastPositions.delete(handover.id);
    }
  }

  /**
   * The waiting chats, oldest first. A chat's `position` is its place among the waiting chats of its tenant, whose
   * agents take them (docs/tenants.md): what its citizen is told.
   */
  queue(): QueueEntry[] {
    const now = this.now().getTime();
    const places = new Map<string, number>();
    return [...this.active.values()]
      .filter((handover) => handover.status === 'queued')
      .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt))
      .map((handover) => {
        const position = (places.get(handover.tenantId) ?? 0) + 1;
        places.set(handover.tenantId, position);
        const waitedSeconds = Math.max(0, Math.round((now - Date.parse(handover.requestedAt)) / 1000));
        return { handover, position, waitedSeconds };
      });
  }

  /** Connected chats, of one agent or all. */
  connected(agentId?: string): Handover[] {
    return [...this.active.values()].filter(
      (handover) => handover.status === 'connected' && (agentId === undefined || handover.agentId === agentId),
    );
  }

  /** Position in the queue (1 = next), undefined when not queued. */
  positionOf(handoverId: string): number | undefined {
    return this.queue().find((entry) => entry.handover.id === handoverId)?.position;
  }

  /** Notes the place the citizen was told (here or by another instance), so it is not told again. */
  told(handoverId: string, position: number): void {
    this.lastPositions.set(handoverId, position);
  }

  forgetTold(handoverId: string): void {
    this.lastPositions.delete(handoverId);
  }

  /** The waiting chats whose place changed since their citizen was last told, each noted as told as it is yielded. */
  *moved(): Generator<QueueEntry> {
    for (const entry of this.queue()) {
      if (this.lastPositions.get(entry.handover.id) === entry.position) continue;
      this.lastPositions.set(entry.handover.id, entry.position);
      yield entry;
    }
  }
}

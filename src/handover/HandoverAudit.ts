import type { AuditRepository } from '../storage/repositories.js';
import type { Handover } from './types.js';

/** A staff member acting in the console (or a contact-centre system acting through the webhook). */
export interface Actor {
  id: string | undefined;
  name: string;
}

/** What the service centre did, in the audit log: the changes of handovers and the agents' presence. */
export class HandoverAudit {
  constructor(
    private readonly repository: AuditRepository,
    private readonly iso: () => string,
  ) {}

  /** A change of a handover; without an actor, the system made it. */
  async handover(
    actor: Actor | undefined,
    action: string,
    handover: Handover,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.entry(actor ?? { id: undefined, name: 'system' }, action, handover, {
      handoverId: handover.id,
      ...details,
    });
  }

  /** What an agent did without a handover (coming online, going away). */
  async agent(actor: Actor, action: string): Promise<void> {
    await this.entry(actor, action, undefined, {});
  }

  private async entry(
    actor: Actor,
    action: string,
    handover: Handover | undefined,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.repository.appendAudit({
      at: this.iso(),
      actorId: actor.id,
      actorName: actor.name,
      action,
      conversationId: handover?.conversationId,
      tenantId: handover?.tenantId,
      details,
    });
  }
}

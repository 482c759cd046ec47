import { worksFor } from '../../auth/tenantScope.js';
import type { User } from '../../auth/types.js';
import type { HandoverService } from '../../handover/HandoverService.js';
import type { Ticket } from '../../handover/types.js';
import { type AgentOverview, handoverView } from './protocol.js';

/**
 * What an agent's console shows of the service centre (docs/protocol.md), kept to the tenants they work for
 * (docs/tenants.md): the waiting chats of those tenants, the colleagues who share one, whether one of them is open.
 */
export function consoleOverview(
  service: Pick<HandoverService, 'agentList' | 'queue' | 'connected' | 'openNow'>,
  user: User,
  counts: { openTickets: number; maxChats: number },
): AgentOverview {
  // The colleagues this agent could pass a chat to: those who share a tenant with them (an admin sees everyone).
  const agents = service
    .agentList()
    .filter(
      (agent) =>
        agent.id === user.id ||
        user.role === 'admin' ||
        agent.tenants === 'all' ||
        agent.tenants.some((tenant) => worksFor(user, tenant)),
    );
  return {
    me: {
      id: user.id,
      name: user.name,
      status: agents.find((agent) => agent.id === user.id)?.status ?? 'offline',
      maxChats: counts.maxChats,
    },
    agents,
    queue: service
      .queue()
      .filter((entry) => worksFor(user, entry.handover.tenantId))
      .map((entry) => ({ ...entry, handover: handoverView(entry.handover) })),
    chats: service.connected(user.id).map(handoverView),
    openTickets: counts.openTickets,
    // Open by the service hours of a tenant the agent works for, whether or not anyone is online.
    open:
      user.role === 'admin' || user.tenants.length === 0
        ? service.openNow()
        : user.tenants.some((tenant) => service.openNow(tenant)),
  };
}

/** How many of the tickets are of the tenants the user works for. */
export function countFor(user: User, tickets: readonly Ticket[]): number {
  return tickets.filter((ticket) => worksFor(user, ticket.tenantId)).length;
}

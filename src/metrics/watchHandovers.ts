import type { HandoverService } from '../handover/HandoverService.js';
import type { Handover } from '../handover/types.js';
import type { GovBotMetrics } from './GovBotMetrics.js';

/**
 * Counts handovers accepted and ended from the service centre's `handover` events, and lets the queue gauge read the
 * queue at scrape time. An event carries only the handover as it is now; an acceptance is told apart from a transfer
 * or an agent's first reply by its new `acceptedAt` (a chat back in the queue and taken again is accepted again).
 * Call it after `start()`: the chats already connected then are not counted as accepted a second time.
 */
export function watchHandovers(service: HandoverService, metrics: GovBotMetrics): void {
  const acceptedAt = new Map<string, string | undefined>();
  for (const handover of service.connected()) acceptedAt.set(handover.id, handover.acceptedAt);
  service.on('handover', (handover: Handover) => {
    if (handover.status === 'connected') {
      if (acceptedAt.get(handover.id) !== handover.acceptedAt) metrics.handovers.inc({ event: 'accepted' });
      acceptedAt.set(handover.id, handover.acceptedAt);
    } else if (handover.status !== 'queued') {
      metrics.handovers.inc({ event: 'ended' });
      acceptedAt.delete(handover.id);
    }
  });
  metrics.sources.queueLength = () => service.queue().length;
}

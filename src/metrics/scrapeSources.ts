import type { Server } from 'socket.io';
import type { DeliveryStatus } from '../applications/types.js';
import { AGENT_NAMESPACE } from '../channels/agent/protocol.js';
import type { ApplicationRepository } from '../storage/repositories.js';
import type { MetricsSources } from './GovBotMetrics.js';

/**
 * The connection and delivery gauges' sources. Deliveries are counted for the statuses that need attention only:
 * `delivered` grows for ever and would be read in full on every scrape.
 */
export function scrapeSources(
  io: Server,
  applications: ApplicationRepository,
): Required<Omit<MetricsSources, 'queueLength'>> {
  return {
    connections: () => ({ widget: io.of('/').sockets.size, agent: io.of(AGENT_NAMESPACE).sockets.size }),
    deliveries: async () => {
      const counts: Partial<Record<DeliveryStatus, number>> = {};
      for (const status of ['pending', 'failed'] as const) {
        counts[status] = (await applications.listDeliveries({ status })).length;
      }
      return counts;
    },
  };
}

import { localize } from '../../catalogue/schema.js';
import type { AnalyticsRepository, CatalogueRepository, HandoverRepository } from '../../storage/repositories.js';
import type { AnalyticsPort, AnalyticsReport } from '../ports.js';

export interface AnalyticsServiceOptions {
  storage: { analytics: AnalyticsRepository; handovers: HandoverRepository; catalogue: CatalogueRepository };
  /** How many services the report lists; default 10. */
  topServices?: number;
}

/**
 * The editors' figures for a period [from, to): daily counts, the services asked most, handovers, form funnels; of
 * the tenants an editor works for.
 */
export class AnalyticsService implements AnalyticsPort {
  constructor(private readonly options: AnalyticsServiceOptions) {}

  async report(from: Date, to: Date, tenants?: readonly string[]): Promise<AnalyticsReport> {
    const { analytics, handovers, catalogue } = this.options.storage;
    const [days, top, stats, funnels] = await Promise.all([
      analytics.dailyCounts(from, to, tenants),
      analytics.topServices(from, to, this.options.topServices ?? 10, tenants),
      handovers.handoverStats(from, to, tenants),
      analytics.dialogFunnels(from, to, tenants),
    ]);
    const topServices = await Promise.all(
      top.map(async (entry) => {
        const service = await catalogue.findService(entry.serviceId);
        // A service removed from the catalogue since keeps its id as its title.
        return { ...entry, title: service ? localize(service.title, 'de') : entry.serviceId };
      }),
    );
    return {
      from: day(from),
      to: day(to),
      days,
      topServices,
      handovers: {
        requested: stats.handovers,
        accepted: stats.accepted,
        rate: stats.conversations > 0 ? stats.handovers / stats.conversations : null,
        waitMs: { mean: stats.waitMs.mean ?? null, p50: stats.waitMs.p50 ?? null, p90: stats.waitMs.p90 ?? null },
      },
      funnels,
    };
  }
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

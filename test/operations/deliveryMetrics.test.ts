import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GovBotMetrics } from '../../src/metrics/GovBotMetrics.js';
import { scrapeSources } from '../../src/metrics/scrapeSources.js';
import { submission, tokenHash } from '../applications/fixtures.js';
import { openTemplateCopy } from '../editor/training/workbenchData.js';
import { parseMetrics, Scrape } from './scrapeMetrics.js';

/** The delivery gauge over real SQLite storage, without an outbox worker that would deliver meanwhile. */
describe('deliveries in the metrics', () => {
  let data: Awaited<ReturnType<typeof openTemplateCopy>>;
  const io = new Server();
  const metrics = new GovBotMetrics();
  beforeAll(async () => {
    data = await openTemplateCopy();
    Object.assign(metrics.sources, scrapeSources(io, data.storage.applications));
  });
  // Attached to no HTTP server, the Socket.IO server holds nothing to close.
  afterAll(() => data.close());

  const deliveries = async () => {
    const scrape = new Scrape(parseMetrics(await metrics.text()));
    const of = (status: string) => scrape.value('govbot_deliveries', { status });
    return { pending: of('pending'), failed: of('failed'), connections: scrape.value('govbot_socket_connections') };
  };

  it('counts the pending deliveries and the failed ones when scraped', async () => {
    expect(await deliveries()).toEqual({ pending: 0, failed: 0, connections: 0 });
    const { reference } = await data.storage.applications.submitApplication(submission(), tokenHash(1));
    // Two recipients (one gets a copy): two deliveries.
    expect(await deliveries()).toEqual({ pending: 2, failed: 0, connections: 0 });
    const [first] = await data.storage.applications.listDeliveries({ reference });
    if (!first) throw new Error('no delivery');
    await data.storage.applications.markAttemptFailed(first.id, 'recipient refused', undefined);
    expect(await deliveries()).toEqual({ pending: 1, failed: 1, connections: 0 });
  });
});

import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { RetentionJob } from '../../src/privacy/RetentionJob.js';
import type { Storage } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { PERSONAL_VALUES, seedApplication, seedCitizen } from './seedCitizen.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-09-01T03:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const PERIODS = { transcriptDays: 90, applicationDays: 365, ticketDays: 90 };

/** The JSON lines a logger wrote. */
function captureLog() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  return { logger: createLogger('info', stream), lines };
}

describe('retention job', () => {
  let storage: Storage;
  beforeEach(() => {
    storage = openSqliteStorage(':memory:');
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await storage.close();
  });

  it('deletes what outlived its period, keeps recent data and applications still being delivered, logs counts', async () => {
    vi.setSystemTime(daysAgo(400));
    const ancient = await seedCitizen(storage, 'ancient');
    const delivered = await seedApplication(storage, 'ancient', ancient.uploadId, 1);
    for (const delivery of await storage.applications.listDeliveries({ reference: delivered })) {
      await storage.applications.markDelivered(delivery.id, daysAgo(399));
    }
    const pendingOwner = await seedCitizen(storage, 'pending');
    const pending = await seedApplication(storage, 'pending', pendingOwner.uploadId, 2);
    vi.setSystemTime(daysAgo(91));
    await seedCitizen(storage, 'old');
    vi.setSystemTime(daysAgo(89));
    const recent = await seedCitizen(storage, 'recent');
    vi.setSystemTime(NOW);
    const { logger, lines } = captureLog();

    const job = new RetentionJob({ storage, periods: PERIODS, logger, now: () => NOW });
    const report = await job.run();

    expect(report).toEqual({
      conversations: 3,
      transcriptEntries: 3,
      handovers: 3,
      handoverNotes: 3,
      inboxEntries: 3,
      applications: 1,
      uploads: 2,
      tickets: 3,
      staffSessions: 0,
    });
    expect(await storage.conversations.findConversation('old')).toBeUndefined();
    expect(await storage.applications.findApplication(delivered)).toBeUndefined();
    expect(await storage.applications.findApplication(pending)).toBeDefined();
    expect(await storage.uploads.findUpload(pendingOwner.uploadId)).toBeDefined();
    expect(await storage.transcripts.listActivities('recent')).toHaveLength(1);
    expect(await storage.tickets.findTicket(recent.ticketId)).toBeDefined();

    const logged = lines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.msg === 'retention: deleted expired data');
    expect(logged?.deleted).toEqual(report);
    for (const value of [...PERSONAL_VALUES, 'ancient', 'pending', delivered])
      expect(lines.join('\n')).not.toContain(value);
    const [audit] = await storage.audit.listAudit({ action: 'retention.purged' });
    expect(audit).toMatchObject({ actorName: 'retention', conversationId: undefined, details: { ...report } });

    // A second pass finds nothing more, and writes no log line or audit entry.
    expect((await job.run()).conversations).toBe(0);
    expect(await storage.audit.listAudit({ action: 'retention.purged' })).toHaveLength(1);
  });

  it("keeps each tenant's data for its own periods, the installation's for the rest", async () => {
    await storage.tenants.saveTenant('kurzdorf', { retention: { transcriptDays: 30 } });
    await storage.tenants.saveTenant('langdorf', { retention: { transcriptDays: 180, ticketDays: 180 } });
    vi.setSystemTime(daysAgo(60));
    for (const tenantId of ['default', 'kurzdorf', 'langdorf'])
      await seedCitizen(storage, `${tenantId}-60`, { tenantId });
    vi.setSystemTime(daysAgo(120));
    for (const tenantId of ['default', 'kurzdorf', 'langdorf'])
      await seedCitizen(storage, `${tenantId}-120`, { tenantId });
    vi.setSystemTime(NOW);
    const { logger, lines } = captureLog();
    const job = new RetentionJob({
      storage,
      periods: PERIODS,
      tenantPeriods: () =>
        new Map([
          ['default', {}],
          ['kurzdorf', { transcriptDays: 30 }],
          ['langdorf', { transcriptDays: 180, ticketDays: 180 }],
        ]),
      logger,
      now: () => NOW,
    });

    expect(await job.run()).toMatchObject({ conversations: 3, tickets: 2 }); // tickets: 90 days but in langdorf
    const left = await Promise.all(
      ['default-60', 'default-120', 'kurzdorf-60', 'kurzdorf-120', 'langdorf-60', 'langdorf-120'].map(
        async (id) => [id, (await storage.conversations.findConversation(id)) !== undefined] as const,
      ),
    );
    expect(Object.fromEntries(left)).toEqual({
      'default-60': true,
      'default-120': false,
      'kurzdorf-60': false, // 30 days
      'kurzdorf-120': false,
      'langdorf-60': true, // 180 days
      'langdorf-120': true,
    });
    const logged = lines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.msg === 'retention: deleted expired data');
    expect(logged?.tenantPeriods).toEqual({
      kurzdorf: { transcriptDays: 30 },
      langdorf: { transcriptDays: 180, ticketDays: 180 },
    });
  });

  it('deletes expired staff sessions', async () => {
    const user = await storage.users.createUser({ name: 'ada', role: 'admin', passwordHash: 'x' });
    const session = { userId: user.id, csrfToken: 'c', createdAt: daysAgo(2).toISOString() };
    await storage.users.createSession({ ...session, idHash: 'expired', expiresAt: daysAgo(1).toISOString() });
    await storage.users.createSession({ ...session, idHash: 'valid', expiresAt: daysAgo(-1).toISOString() });
    const job = new RetentionJob({ storage, periods: PERIODS, logger: captureLog().logger, now: () => NOW });
    expect((await job.run()).staffSessions).toBe(1);
    expect(await storage.users.findSessionByTokenHash('expired')).toBeUndefined();
    expect(await storage.users.findSessionByTokenHash('valid')).toBeDefined();
  });

  it('runs at start and then on its interval until stopped', async () => {
    // Faking more than beforeEach did takes a fresh start.
    vi.useRealTimers();
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const passes = vi.spyOn(storage.privacy, 'purgeExpired');
    const job = new RetentionJob({ storage, periods: PERIODS, logger: captureLog().logger, intervalMs: 60_000 });
    job.start();
    await job.idle();
    expect(passes).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    await job.idle();
    expect(passes).toHaveBeenCalledTimes(2);
    await job.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(passes).toHaveBeenCalledTimes(2);
  });
});

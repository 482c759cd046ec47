import type { Logger } from '../logger.js';
import type { RetentionCounts, Storage } from '../storage/repositories.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** Conversations per transaction: small enough that chats waiting to write are not held up noticeably. */
const BATCH = 500;
const KINDS = [
  'conversations',
  'transcriptEntries',
  'handovers',
  'handoverNotes',
  'inboxEntries',
  'applications',
  'uploads',
  'tickets',
] as const satisfies readonly (keyof RetentionCounts)[];

export interface RetentionPeriods {
  transcriptDays: number;
  applicationDays: number;
  ticketDays: number;
}

export interface RetentionJobOptions {
  storage: Pick<Storage, 'privacy' | 'users' | 'audit'>;
  periods: RetentionPeriods;
  logger: Logger;
  now?: () => Date;
  intervalMs?: number;
}

/** A retention run's figures: the records deleted per kind and the expired staff sessions. */
export type RetentionReport = RetentionCounts & { staffSessions: number };

/**
 * Deletes what has outlived its retention period (docs/privacy.md): at start and then every hour, in batches. Each run
 * that deleted anything is logged and audited with its counts per kind, never with ids or contents. The timer is
 * `unref`'d, so it never keeps the process alive; `stop` waits for a running pass.
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly options: RetentionJobOptions) {}

  start(): void {
    const pass = () => {
      this.running ??= this.run()
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'retention: run failed'))
        .finally(() => {
          this.running = undefined;
        });
    };
    pass();
    this.timer = setInterval(pass, this.options.intervalMs ?? HOUR_MS).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  /** Resolves once no scheduled pass is running; a pass due while one runs is skipped, not queued. */
  async idle(): Promise<void> {
    await this.running;
  }

  /** One pass over everything that is due; returns what it deleted. */
  async run(): Promise<RetentionReport> {
    const { storage, periods, logger } = this.options;
    const now = this.options.now?.() ?? new Date();
    const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const cutoffs = {
      conversationsBefore: before(periods.transcriptDays),
      applicationsBefore: before(periods.applicationDays),
      ticketsBefore: before(periods.ticketDays),
    };
    const report: RetentionReport = { ...(await storage.privacy.purgeExpired(cutoffs, BATCH)), staffSessions: 0 };
    for (let last = report.conversations; last === BATCH; ) {
      const batch = await storage.privacy.purgeExpired(cutoffs, BATCH);
      for (const kind of KINDS) report[kind] += batch[kind];
      last = batch.conversations;
    }
    report.staffSessions = await storage.users.deleteExpiredSessions(now);
    if (Object.values(report).some((count) => count > 0)) {
      logger.info({ deleted: report, periods }, 'retention: deleted expired data');
      await storage.audit.appendAudit({
        at: now.toISOString(),
        actorId: undefined,
        actorName: 'retention',
        action: 'retention.purged',
        conversationId: undefined,
        details: { ...report, periods },
      });
    }
    return report;
  }
}

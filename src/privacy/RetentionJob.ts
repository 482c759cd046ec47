import type { Logger } from '../logger.js';
import type { RetentionCounts, RetentionCutoffs, Storage, TenantSelection } from '../storage/repositories.js';

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
  /** The installation's periods (GOVBOT_RETENTION_*). */
  periods: RetentionPeriods;
  /** Tenants' own periods, read at every run (docs/tenants.md); a period a tenant leaves out is the installation's. */
  tenantPeriods?: () => ReadonlyMap<string, Partial<RetentionPeriods>>;
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

  /**
   * One pass over everything that is due; returns what it deleted. A tenant with periods of its own is purged with
   * them, apart from the others, which are purged with the installation's.
   */
  async run(): Promise<RetentionReport> {
    const { storage, periods, logger } = this.options;
    const now = this.options.now?.() ?? new Date();
    const own = [...(this.options.tenantPeriods?.() ?? [])].filter(([, tenant]) => Object.keys(tenant).length > 0);
    const passes: { periods: RetentionPeriods; tenants: TenantSelection }[] = [
      ...own.map(([id, tenant]) => ({ periods: { ...periods, ...tenant }, tenants: { only: [id] } })),
      { periods, tenants: { except: own.map(([id]) => id) } },
    ];
    const report: RetentionReport = { ...emptyCounts(), staffSessions: 0 };
    for (const pass of passes) {
      const counts = await this.purge(cutoffsOf(now, pass.periods, pass.tenants));
      for (const kind of KINDS) report[kind] += counts[kind];
    }
    report.staffSessions = await storage.users.deleteExpiredSessions(now);
    if (Object.values(report).some((count) => count > 0)) {
      const tenantPeriods = own.length > 0 ? { tenantPeriods: Object.fromEntries(own) } : {};
      logger.info({ deleted: report, periods, ...tenantPeriods }, 'retention: deleted expired data');
      await storage.audit.appendAudit({
        at: now.toISOString(),
        actorId: undefined,
        actorName: 'retention',
        action: 'retention.purged',
        conversationId: undefined,
        details: { ...report, periods, ...tenantPeriods },
      });
    }
    return report;
  }

  /** Purges in batches until a batch finds fewer conversations than it may take. */
  private async purge(cutoffs: RetentionCutoffs): Promise<RetentionCounts> {
    const { privacy } = this.options.storage;
    const counts = await privacy.purgeExpired(cutoffs, BATCH);
    for (let last = counts.conversations; last === BATCH; ) {
      const batch = await privacy.purgeExpired(cutoffs, BATCH);
      for (const kind of KINDS) counts[kind] += batch[kind];
      last = batch.conversations;
    }
    return counts;
  }
}

function cutoffsOf(now: Date, periods: RetentionPeriods, tenants: TenantSelection): RetentionCutoffs {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return {
    conversationsBefore: before(periods.transcriptDays),
    applicationsBefore: before(periods.applicationDays),
    ticketsBefore: before(periods.ticketDays),
    tenants,
  };
}

function emptyCounts(): RetentionCounts {
  return {
    conversations: 0,
    transcriptEntries: 0,
    handovers: 0,
    handoverNotes: 0,
    inboxEntries: 0,
    applications: 0,
    uploads: 0,
    tickets: 0,
  };
}

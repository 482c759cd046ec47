import type { User } from '../auth/types.js';
import type { Language } from '../catalogue/schema.js';
import type { ParseResult } from '../nlu/Understanding.js';
import type {
  DailyCount,
  DialogFunnel,
  InboxGroup,
  InboxStatus,
  ModelVersion,
  TopService,
  TrainingRun,
  VersionDiff,
} from './types.js';

/**
 * What the editor API needs from the workbench's services. The REST layer (`http/editor/`) depends on these
 * interfaces only; `main.ts` wires the implementations.
 */

/** Thrown for a request that conflicts with the current state (a run already running, a gate failed, …). */
export class WorkbenchConflict extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkbenchConflict';
  }
}

/**
 * Trains drafts in a worker thread and runs the release gate; one run at a time. Each method works on one tenant's
 * runs (`tenantId`, default `default`: the shared layer); a tenant's run trains the shared layer with its own on top.
 */
export interface TrainingPort {
  /**
   * Snapshots the tenant's draft and starts a run; throws `WorkbenchConflict('training_running')` while one runs, and
   * `no_own_content` for a tenant with neither content nor versions of its own.
   */
  start(by: User, tenantId?: string): Promise<TrainingRun>;
  listRuns(limit?: number, tenantId?: string): Promise<TrainingRun[]>;
  findRun(id: string, tenantId?: string): Promise<TrainingRun | undefined>;
  /** Parses with the newest succeeded run's model (the draft model), or undefined when there is none yet. */
  parseWithDraft(
    text: string,
    lang?: Language,
    tenantId?: string,
  ): Promise<{ runId: string; result: ParseResult } | undefined>;
}

/** Publishes trained runs as versions, rolls back, and compares versions; each of one tenant (default `default`). */
export interface PublishingPort {
  /**
   * Publishes a succeeded run of the tenant and makes it live. A run whose gate failed is refused
   * (`WorkbenchConflict('gate_failed')`) unless `override` is given, which only admins may (the API checks the role).
   */
  publish(
    runId: string,
    by: User,
    options?: { overrideReason?: string; note?: string },
    tenantId?: string,
  ): Promise<ModelVersion>;
  /** Publishes an older version's content again as the tenant's newest version and makes it live. */
  rollback(version: number, by: User, tenantId?: string): Promise<ModelVersion>;
  listVersions(tenantId?: string): Promise<ModelVersion[]>;
  /**
   * For a municipality's live version trained on shared content that has since been published differently: the
   * shared live version it has not taken over; else undefined.
   */
  sharedNewer(tenantId: string): Promise<number | undefined>;
  live(tenantId?: string): Promise<ModelVersion | undefined>;
  diff(from: number, to: number, tenantId?: string): Promise<VersionDiff>;
}

/** The inbox of unrecognised questions. */
export interface InboxPort {
  /** Open entries (of `tenants` when given: an editor's) grouped by similarity, biggest groups first. */
  groups(filter?: { lang?: Language; tenants?: readonly string[] }): Promise<InboxGroup[]>;
  /**
   * The entries' texts become training utterances of `intent` in the draft (of the shared layer, or of the
   * municipality `tenantId`'s own layer, which takes its own citizens' entries only); returns how many were resolved.
   * Both decisions take only entries of the tenants the editor works for.
   */
  assign(entryIds: string[], intent: string, by: User, tenantId?: string): Promise<number>;
  mark(entryIds: string[], status: Extract<InboxStatus, 'new_service' | 'ignored'>, by: User): Promise<number>;
}

export interface AnalyticsReport {
  from: string;
  to: string;
  days: DailyCount[];
  topServices: (TopService & { title: string })[];
  handovers: {
    requested: number;
    accepted: number;
    /** Handovers per conversation. */
    rate: number | null;
    waitMs: { mean: number | null; p50: number | null; p90: number | null };
  };
  funnels: DialogFunnel[];
}

export interface AnalyticsPort {
  /** The figures of `tenants` (an editor's), or of every tenant without. */
  report(from: Date, to: Date, tenants?: readonly string[]): Promise<AnalyticsReport>;
}

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

/** Trains drafts in a worker thread and runs the release gate; one run at a time. */
export interface TrainingPort {
  /** Snapshots the draft and starts a run; throws `WorkbenchConflict('training_running')` while one runs. */
  start(by: User): Promise<TrainingRun>;
  listRuns(limit?: number): Promise<TrainingRun[]>;
  findRun(id: string): Promise<TrainingRun | undefined>;
  /** Parses with the newest succeeded run's model (the draft model), or undefined when there is none yet. */
  parseWithDraft(text: string, lang?: Language): Promise<{ runId: string; result: ParseResult } | undefined>;
}

/** Publishes trained runs as versions, rolls back, and compares versions. */
export interface PublishingPort {
  /**
   * Publishes a succeeded run and makes it live. A run whose gate failed is refused
   * (`WorkbenchConflict('gate_failed')`) unless `override` is given, which only admins may (the API checks the role).
   */
  publish(runId: string, by: User, options?: { overrideReason?: string; note?: string }): Promise<ModelVersion>;
  /** Publishes an older version's content again as the newest version and makes it live. */
  rollback(version: number, by: User): Promise<ModelVersion>;
  listVersions(): Promise<ModelVersion[]>;
  live(): Promise<ModelVersion | undefined>;
  diff(from: number, to: number): Promise<VersionDiff>;
}

/** The inbox of unrecognised questions. */
export interface InboxPort {
  /** Open entries (of `tenants` when given: an editor's) grouped by similarity, biggest groups first. */
  groups(filter?: { lang?: Language; tenants?: readonly string[] }): Promise<InboxGroup[]>;
  /**
   * The entries' texts become training utterances of `intent` in the draft; returns how many were resolved. Both
   * decisions take only entries of the tenants the editor works for.
   */
  assign(entryIds: string[], intent: string, by: User): Promise<number>;
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

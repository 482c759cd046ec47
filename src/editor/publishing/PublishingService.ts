import type { User } from '../../auth/types.js';
import type { ClusterBus, ClusterLocks } from '../../cluster/Cluster.js';
import type { Logger } from '../../logger.js';
import type { Storage } from '../../storage/repositories.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import { type PublishingPort, WorkbenchConflict } from '../ports.js';
import { loadSnapshots } from '../training/draftSnapshot.js';
import type { ModelVersion, VersionDiff } from '../types.js';
import { diffVersions } from './diffVersions.js';
import { LIVE_VERSION_TOPIC, type LiveVersionMessage } from './LiveVersionFollower.js';
import { recordVersion } from './publishContent.js';
import { type LiveKnowledge, loadTrainedKnowledge, loadVersionKnowledge } from './versionKnowledge.js';

export interface PublishingServiceOptions {
  storage: Storage;
  /**
   * Makes a just published version the knowledge of the tenant it was published for (main.ts swaps its
   * `Understanding` between turns).
   */
  onLive: (live: LiveKnowledge, tenantId: string) => void | Promise<void>;
  /** Where other instances hear of a version made live here (their `LiveVersionFollower` loads it); default none. */
  bus?: ClusterBus;
  /** Locks shared with the other instances; without, publications are serialised in this process only. */
  locks?: ClusterLocks;
  logger?: Logger;
  now?: () => Date;
}

/**
 * Publishes succeeded training runs as versions, rolls back to older ones, and compares them, each for one tenant: the
 * shared layer's (`default`) or a municipality's own versions (docs/tenants.md). Publications run one after another,
 * so the version a tenant answers with is always its newest one recorded.
 */
export class PublishingService implements PublishingPort {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PublishingServiceOptions) {}

  publish(
    runId: string,
    by: User,
    options: { overrideReason?: string; note?: string } = {},
    tenantId = DEFAULT_TENANT,
  ): Promise<ModelVersion> {
    return this.serially(async () => {
      const { storage } = this.options;
      const run = await storage.knowledgeOf(tenantId).trainingRuns.findRun(runId);
      if (!run) throw new WorkbenchConflict('not_found', `there is no training run ${runId}`);
      if (run.status !== 'succeeded' || !run.fingerprint || !run.gate) {
        throw new WorkbenchConflict('run_not_succeeded', `training run ${runId} has not succeeded (${run.status})`);
      }
      const overrideReason = options.overrideReason?.trim();
      if (!run.gate.passed && !overrideReason) {
        const failed = run.gate.checks
          .filter((check) => !check.passed)
          .map((check) => `${check.name}: ${check.summary}`);
        throw new WorkbenchConflict('gate_failed', `the release gate failed (${failed.join('; ')})`);
      }
      // Loaded before recording, so that a version is never recorded that could not be made live.
      const knowledge = await loadTrainedKnowledge(storage, { ...run, fingerprint: run.fingerprint });
      const version = await recordVersion(
        storage,
        by,
        {
          publishedAt: this.now().toISOString(),
          publishedBy: by.name,
          fingerprint: run.fingerprint,
          corporaHash: run.corporaHash,
          catalogueHash: run.catalogueHash,
          trainingRunId: run.id,
          gatePassed: run.gate.passed,
          ...(!run.gate.passed && overrideReason && { override: { reason: overrideReason, by: by.name } }),
          ...(options.note && { note: options.note }),
        },
        tenantId,
      );
      await this.makeLive({ ...knowledge, version }, tenantId);
      return version;
    });
  }

  rollback(version: number, by: User, tenantId = DEFAULT_TENANT): Promise<ModelVersion> {
    return this.serially(async () => {
      const { storage } = this.options;
      const { versions } = storage.knowledgeOf(tenantId);
      const [target, live] = await Promise.all([versions.findVersion(version), versions.liveVersion()]);
      if (!target) throw new WorkbenchConflict('not_found', `there is no version ${version}`);
      if (live?.version === target.version) {
        throw new WorkbenchConflict('already_live', `version ${version} is the live version`);
      }
      const knowledge = await loadVersionKnowledge(storage, target);
      // The same content under a new number: the list of versions stays the history of what the bot knew.
      const republished = await recordVersion(
        storage,
        by,
        {
          publishedAt: this.now().toISOString(),
          publishedBy: by.name,
          fingerprint: target.fingerprint,
          corporaHash: target.corporaHash,
          catalogueHash: target.catalogueHash,
          trainingRunId: target.trainingRunId,
          gatePassed: target.gatePassed,
          rollbackOf: target.version,
        },
        tenantId,
      );
      await this.makeLive({ ...knowledge, version: republished }, tenantId);
      return republished;
    });
  }

  listVersions(tenantId = DEFAULT_TENANT): Promise<ModelVersion[]> {
    return this.options.storage.knowledgeOf(tenantId).versions.listVersions();
  }

  async sharedNewer(tenantId: string): Promise<number | undefined> {
    if (tenantId === DEFAULT_TENANT) return undefined;
    const { storage } = this.options;
    const layer = storage.knowledgeOf(tenantId);
    const [own, shared] = await Promise.all([layer.versions.liveVersion(), storage.versions.liveVersion()]);
    if (!own || !shared) return undefined;
    // When its shared content was taken: as its run started (a rollback keeps the run of the version it restores), or
    // as a version without a run (`govbot train`) was published.
    const run = own.trainingRunId === undefined ? undefined : await layer.trainingRuns.findRun(own.trainingRunId);
    const trainedAt = run?.startedAt ?? own.publishedAt;
    if (shared.publishedAt <= trainedAt) return undefined;
    // The shared version live then; a later one with the same content (a re-publication) changes nothing.
    const then = (await storage.versions.listVersions()).find((version) => version.publishedAt <= trainedAt);
    const same = then?.corporaHash === shared.corporaHash && then.catalogueHash === shared.catalogueHash;
    return same ? undefined : shared.version;
  }

  live(tenantId = DEFAULT_TENANT): Promise<ModelVersion | undefined> {
    return this.options.storage.knowledgeOf(tenantId).versions.liveVersion();
  }

  async diff(from: number, to: number, tenantId = DEFAULT_TENANT): Promise<VersionDiff> {
    const { storage } = this.options;
    const content = async (number: number) => {
      const version = await storage.knowledgeOf(tenantId).versions.findVersion(number);
      if (!version) throw new WorkbenchConflict('not_found', `there is no version ${number}`);
      const { corpora, catalogue } = await loadSnapshots(storage, version);
      return { version: number, corpora, catalogue };
    };
    const [before, after] = await Promise.all([content(from), content(to)]);
    return diffVersions(before, after);
  }

  private async makeLive(knowledge: LiveKnowledge, tenantId: string): Promise<void> {
    await this.options.onLive(knowledge, tenantId);
    const { version, fingerprint } = knowledge.version;
    this.options.logger?.info({ tenant: tenantId, version, fingerprint }, 'version published and live');
    const message: LiveVersionMessage = { version, tenant: tenantId };
    // The version is recorded and live here whatever the bus does: an instance that misses the message finds the
    // version at its next periodic check.
    await this.options.bus
      ?.publish(LIVE_VERSION_TOPIC, message)
      .catch((error: unknown) =>
        this.options.logger?.warn({ err: error, version }, 'other instances not told of the live version'),
      );
  }

  /**
   * One publication at a time, here and (with the cluster's locks) across instances: two at once would read the same
   * live version and number their versions alike.
   */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const { locks } = this.options;
    const result = this.queue.then(() => (locks ? locks.withLock('knowledge.publish', work) : work()));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

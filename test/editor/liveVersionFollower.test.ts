import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../src/cluster/SoloCluster.js';
import {
  LIVE_VERSION_TOPIC,
  LiveVersionFollower,
  type LiveVersionFollowerOptions,
} from '../../src/editor/publishing/LiveVersionFollower.js';
import { loadLiveKnowledge } from '../../src/editor/publishing/loadLiveKnowledge.js';
import { PublishingService } from '../../src/editor/publishing/PublishingService.js';
import { publishContent } from '../../src/editor/publishing/publishContent.js';
import type { LiveKnowledge } from '../../src/editor/publishing/versionKnowledge.js';
import { saveSnapshots } from '../../src/editor/training/draftSnapshot.js';
import { modelFingerprint } from '../../src/nlu/trainModel.js';
import type { Storage } from '../../src/storage/repositories.js';
import { readLayer } from '../../src/tenants/tenantContent.js';
import { gate, openTemplateCopy, staffUser } from './training/workbenchData.js';

const publisher = staffUser('paula', 'publisher');
const NEVER = 60 * 60_000;

/** A succeeded run of the draft, whose model the template has: publishing it needs no training. */
async function succeededRun(storage: Storage): Promise<string> {
  const { corpora, catalogue } = await readLayer(storage);
  const snapshot = await saveSnapshots(storage, corpora, catalogue);
  const fingerprint = modelFingerprint(
    snapshot.corpora.map((file) => file.corpus),
    snapshot.catalogue.services,
  );
  const run = await storage.trainingRuns.createRun({
    startedAt: new Date().toISOString(),
    startedBy: 'erika',
    corporaHash: snapshot.corporaHash,
    catalogueHash: snapshot.catalogueHash,
  });
  await storage.trainingRuns.updateRun(run.id, {
    status: 'succeeded',
    phase: 'done',
    progress: 1,
    fingerprint,
    gate: gate(true),
  });
  return run.id;
}

/** An instance's knowledge as main.ts keeps it, with a way to wait for the next swap. */
class Instance {
  readonly swaps: LiveKnowledge[] = [];
  private waiting: ((live: LiveKnowledge) => void) | undefined;

  constructor(public version: number) {}

  readonly onLive = (live: LiveKnowledge) => {
    this.swaps.push(live);
    this.version = live.version.version;
    this.waiting?.(live);
  };

  nextSwap(): Promise<LiveKnowledge> {
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}

describe('LiveVersionFollower', () => {
  let data: Awaited<ReturnType<typeof openTemplateCopy>>;
  let first: number;
  const followers: LiveVersionFollower[] = [];

  function follow(
    instance: Instance,
    options: Partial<LiveVersionFollowerOptions> & Pick<LiveVersionFollowerOptions, 'bus'>,
  ) {
    const follower = new LiveVersionFollower({
      storage: data.storage,
      tenants: () => ['default'],
      loadedVersion: () => instance.version,
      onLive: (_tenant, live) => instance.onLive(live),
      checkIntervalMs: NEVER,
      ...options,
    });
    followers.push(follower);
    follower.start();
    return follower;
  }

  beforeAll(async () => {
    data = await openTemplateCopy();
    first = (await loadLiveKnowledge(data.storage)).version.version;
  });
  afterEach(async () => {
    await Promise.all(followers.splice(0).map((follower) => follower.stop()));
  });
  afterAll(() => data.close());

  it("swaps another instance's knowledge to the version published on one", async () => {
    const network = new MemoryNetwork();
    const a = new Instance(first);
    const b = new Instance(first);
    const publishing = new PublishingService({ storage: data.storage, onLive: a.onLive, bus: network.join().bus });
    follow(b, { bus: network.join().bus });
    const swapped = b.nextSwap();
    const version = await publishing.publish(await succeededRun(data.storage), publisher);
    const live = await swapped;
    expect(live.version).toEqual(version);
    expect(live.model.fingerprint).toBe(version.fingerprint);
    expect(live.services.length).toBeGreaterThan(0);
    expect(b.version).toBe(version.version);
    expect(b.swaps).toHaveLength(1);

    // A rollback goes live everywhere, too.
    const rolledBack = b.nextSwap();
    const republished = await publishing.rollback(first, publisher);
    expect((await rolledBack).version).toEqual(republished);
  });

  it('finds a version whose message was lost at its periodic check', async () => {
    const b = new Instance((await data.storage.versions.liveVersion())?.version ?? 0);
    follow(b, { bus: new MemoryNetwork().join().bus, checkIntervalMs: 50 });
    const swapped = b.nextSwap();
    // Published where nobody hears it (another network: the message is lost).
    const unheard = new PublishingService({
      storage: data.storage,
      onLive: () => {},
      bus: new MemoryNetwork().join().bus,
    });
    const version = await unheard.publish(await succeededRun(data.storage), publisher);
    expect((await swapped).version).toEqual(version);
  });

  it('does not go back to an older version on a late message', async () => {
    const network = new MemoryNetwork();
    const live = await data.storage.versions.liveVersion();
    const b = new Instance(live?.version ?? 0);
    const follower = follow(b, { bus: network.join().bus });
    await follower.check();
    const a = network.join().bus;
    const delivered = new Promise((resolve) => network.join().bus.subscribe(LIVE_VERSION_TOPIC, resolve));
    await a.publish(LIVE_VERSION_TOPIC, { version: first });
    await delivered;
    await follower.check();
    expect(b.swaps).toHaveLength(0);
    expect(b.version).toBe(live?.version);
  });

  it('loads one version at a time, and drops a load overtaken by a newer version of its own instance', async () => {
    const live = await data.storage.versions.liveVersion();
    const b = new Instance(first);
    // The model is read only when the test lets it: meanwhile, this instance publishes a newer version itself.
    let requested = () => {};
    const modelRequested = new Promise<void>((resolve) => {
      requested = resolve;
    });
    let readModel = () => {};
    const reading = new Promise<void>((resolve) => {
      readModel = resolve;
    });
    const models = data.storage.models;
    const storage: Storage = {
      ...data.storage,
      models: {
        findModel: async (fingerprint) => {
          requested();
          await reading;
          return models.findModel(fingerprint);
        },
        findLatestModel: () => models.findLatestModel(),
        saveModel: (model) => models.saveModel(model),
      },
    };
    const follower = follow(b, { bus: new MemoryNetwork().join().bus, storage });
    await modelRequested;
    b.version = (live?.version ?? 0) + 1;
    readModel();
    await follower.check();
    expect(b.swaps).toHaveLength(0);

    b.version = first;
    await Promise.all([follower.check(), follower.check()]);
    expect(b.swaps.map((swap) => swap.version.version)).toEqual([live?.version]);
  });

  it("loads a tenant's own version when told, reusing a model it has loaded already", async () => {
    const network = new MemoryNetwork();
    const shared = await loadLiveKnowledge(data.storage);
    await data.storage.tenants.saveTenant('musterdorf', { name: 'Musterdorf' });
    const loaded = new Map<string, number>([['default', shared.version.version]]);
    const swaps: [string, LiveKnowledge][] = [];
    let swapped: (() => void) | undefined;
    let modelReads = 0;
    const models = data.storage.models;
    const follower = new LiveVersionFollower({
      storage: {
        ...data.storage,
        models: {
          findModel: (fingerprint) => {
            modelReads++;
            return models.findModel(fingerprint);
          },
          findLatestModel: () => models.findLatestModel(),
          saveModel: (model) => models.saveModel(model),
        },
      },
      bus: network.join().bus,
      tenants: () => ['default', 'musterdorf'],
      loadedVersion: (tenant) => loaded.get(tenant) ?? 0,
      loadedModel: (fingerprint) => (fingerprint === shared.model.fingerprint ? shared.model : undefined),
      onLive: (tenant, live) => {
        swaps.push([tenant, live]);
        loaded.set(tenant, live.version.version);
        swapped?.();
      },
      checkIntervalMs: NEVER,
    });
    followers.push(follower);
    follower.start();
    await follower.check();
    expect(swaps).toEqual([]);

    // `govbot train --tenant musterdorf` of content equal to the shared: the same model, under its own version.
    const { version } = await publishContent(
      data.storage,
      { model: shared.model, corpora: [], catalogue: { services: shared.services, offices: shared.offices } },
      { name: 'cli' },
      { tenantId: 'musterdorf' },
    );
    expect(version.version).toBe(1);
    const heard = new Promise<void>((resolve) => {
      swapped = resolve;
    });
    await network.join().bus.publish(LIVE_VERSION_TOPIC, { version: 1, tenant: 'musterdorf' });
    await heard;
    expect(swaps.map(([tenant, live]) => [tenant, live.version.version])).toEqual([['musterdorf', 1]]);
    expect(swaps[0]?.[1].model).toBe(shared.model);
    expect(modelReads).toBe(0);
    // The shared version is untouched by the tenant's.
    expect(await data.storage.versions.liveVersion()).toEqual(shared.version);
  });
});

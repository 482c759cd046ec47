import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createClient, type RedisClientType } from 'redis';
import { openStorage } from '../src/storage/openStorage.js';
import { openSqliteStorage } from '../src/storage/sqlite/openSqliteStorage.js';
import { type ChatLoadFigures, runChatLoad } from './chatLoad.js';
import { type CpuReader, processTreeCpuSeconds } from './cpuMeter.js';
import { generatorCount, loadQuestions, openFileLimit, trainedDataDir, withServer } from './loadBench.js';
import { describeMachine, type Machine } from './machine.js';
import { msSince } from './measure.js';
import { DATABASE_FILE, forkServer, type ServerProcess } from './serverProcess.js';

/** The settings of the cluster part; the report quotes them. */
export const CLUSTER = {
  closed: { citizens: 100, warmUpMs: 5000, durationMs: 20_000 },
  paced: { citizens: 300, everyMs: 2000, warmUpMs: 5000, durationMs: 15_000 },
  timeoutMs: 10_000,
  /** One in this many questions is out of scope. */
  outOfScopeEvery: 5,
  /** Measure (b) on one instance on SQLite too, for comparison. */
  sqlite: true,
};
export type ClusterSettings = typeof CLUSTER;

/** A smoke run of a few seconds per measurement (`--quick`). */
export const QUICK_CLUSTER: ClusterSettings = {
  ...CLUSTER,
  closed: { citizens: 40, warmUpMs: 500, durationMs: 2000 },
  paced: { citizens: 100, everyMs: 2000, warmUpMs: 500, durationMs: 2000 },
  sqlite: false,
};

/** The PostgreSQL database and the Redis the instances share. */
export interface Backing {
  databaseUrl: string;
  redisUrl: string;
}

/** One setup's measurements: `instances` GovBots behind one (simulated) load balancer. */
export interface SetupFigures {
  instances: number;
  closed: ChatLoadFigures;
  paced: ChatLoadFigures;
}

export interface ClusterFigures {
  machine: Machine;
  loadAtEnd: number;
  durationS: number;
  questions: number;
  generators: number;
  /** Version and the settings that decide what a commit costs (`fsync`, `synchronous_commit`). */
  postgres: string;
  /** Version and whether it appends to a file (`aof_enabled`). */
  redis: string;
  /** The processes besides GovBot whose CPU use was measured (PostgreSQL only when it runs on this machine). */
  meters: string[];
  one: SetupFigures;
  two: SetupFigures;
  /** For comparison, (b) on one instance on SQLite, without Redis (what the chat load part measures); not in --quick. */
  sqlite: ChatLoadFigures | undefined;
  settings: ClusterSettings;
}

export type ClusterOutcome = { figures: ClusterFigures } | { skipped: string };

/**
 * Where PostgreSQL and Redis are: GOVBOT_BENCH_DATABASE_URL and GOVBOT_BENCH_REDIS_URL, else the test suite's
 * GOVBOT_TEST_DATABASE_URL and GOVBOT_TEST_REDIS_URL (scripts/test-postgres.sh and scripts/test-redis.sh set them);
 * the reason to skip the part when one is missing.
 */
export function clusterBacking(env: NodeJS.ProcessEnv): Backing | { skipped: string } {
  const pick = (...names: string[]) => names.map((name) => env[name]?.trim()).find((value) => value);
  const databaseUrl = pick('GOVBOT_BENCH_DATABASE_URL', 'GOVBOT_TEST_DATABASE_URL');
  const redisUrl = pick('GOVBOT_BENCH_REDIS_URL', 'GOVBOT_TEST_REDIS_URL');
  const missing = [
    ...(databaseUrl ? [] : ['PostgreSQL (GOVBOT_BENCH_DATABASE_URL or GOVBOT_TEST_DATABASE_URL)']),
    ...(redisUrl ? [] : ['Redis (GOVBOT_BENCH_REDIS_URL or GOVBOT_TEST_REDIS_URL)']),
  ];
  if (!databaseUrl || !redisUrl) {
    return {
      skipped: `no ${missing.join(' and no ')} is set. Run it with throwaway servers: bash scripts/test-postgres.sh bash scripts/test-redis.sh node dist/bench/run.js --only cluster`,
    };
  }
  return { databaseUrl, redisUrl };
}

/**
 * GovBot on PostgreSQL and Redis with one instance and with two, measured side by side in one run: the most answered
 * questions per second (citizens asking as soon as answered) and the latency at a fixed load that one instance
 * handles. The citizens are spread evenly over the instances' addresses, as a load balancer would; every measurement
 * gets fresh instances on a fresh schema and Redis prefix.
 */
export async function benchCluster(settings: ClusterSettings, log: (message: string) => void): Promise<ClusterOutcome> {
  const backing = clusterBacking(process.env);
  if ('skipped' in backing) return backing;
  const start = process.hrtime.bigint();
  const machine = describeMachine();
  const needed = settings.paced.citizens + 1000;
  const limit = openFileLimit();
  if (limit < needed)
    throw new Error(`the cluster part needs ${needed} open files, the limit is ${limit}: ulimit -n ${needed}`);
  const questions = loadQuestions(settings.outOfScopeEvery);
  const generators = generatorCount();
  const common = { timeoutMs: settings.timeoutMs, questions, generators, expectWelcome: true };

  const admin = new pg.Pool({ connectionString: backing.databaseUrl, max: 1 });
  const redis: RedisClientType = createClient({ url: backing.redisUrl });
  await redis.connect();
  const template = await trainedDataDir();
  try {
    const postgres = await postgresCpuReader(admin, backing.databaseUrl);
    if (!postgres) log('cluster: PostgreSQL runs elsewhere (or its process was not found): its CPU is not measured');
    const meters: Record<string, CpuReader> = {
      ...(postgres ? { PostgreSQL: postgres } : {}),
      Redis: () => redisCpuSeconds(redis),
    };
    const cluster = { admin, redis, backing, template, log };
    const measure = (instances: number, run: (servers: ServerProcess[]) => Promise<ChatLoadFigures>) =>
      withCluster(cluster, instances, run);
    // The setups take turns measurement by measurement, so that other load on the machine falls on both alike.
    const closed: ChatLoadFigures[] = [];
    const paced: ChatLoadFigures[] = [];
    const closedOptions = { ...common, ...settings.closed, pace: 'closed' as const, meters };
    let sqlite: ChatLoadFigures | undefined;
    if (settings.sqlite) {
      log(
        `cluster: for comparison, one instance on SQLite, ${settings.closed.citizens} citizens asking as soon as answered`,
      );
      sqlite = await withServer('govbot', template, (server) => runChatLoad([server], closedOptions));
    }
    for (const instances of [1, 2]) {
      log(`cluster: ${instances} instance(s), ${settings.closed.citizens} citizens asking as soon as answered`);
      closed.push(await measure(instances, (servers) => runChatLoad(servers, closedOptions)));
    }
    for (const instances of [1, 2]) {
      const { everyMs, ...rest } = settings.paced;
      log(`cluster: ${instances} instance(s), ${settings.paced.citizens} citizens asking every ${everyMs} ms`);
      const options = { ...common, ...rest, pace: { everyMs }, meters };
      paced.push(await measure(instances, (servers) => runChatLoad(servers, options)));
    }
    const setup = (i: number): SetupFigures => {
      const [c, p] = [closed[i], paced[i]];
      if (!c || !p) throw new Error('a cluster measurement is missing');
      return { instances: i + 1, closed: c, paced: p };
    };
    return {
      figures: {
        machine,
        loadAtEnd: loadavg()[0] ?? 0,
        durationS: msSince(start) / 1000,
        questions: questions.length,
        generators,
        postgres: await describePostgres(admin),
        redis: await describeRedis(redis),
        meters: Object.keys(meters),
        one: setup(0),
        two: setup(1),
        sqlite,
        settings,
      },
    };
  } finally {
    rmSync(template, { recursive: true, force: true });
    await Promise.allSettled([admin.end(), redis.quit()]);
  }
}

interface ClusterContext {
  admin: pg.Pool;
  redis: RedisClientType;
  backing: Backing;
  /** The trained data directory of `trainedDataDir`: its model is seeded into each schema. */
  template: string;
  log: (message: string) => void;
}

/**
 * Runs `measure` against `instances` fresh GovBot processes started at the same moment on a fresh schema (seeded with
 * the catalogue, the intents and the template's trained model, so that no instance trains) and a fresh Redis prefix;
 * stops them afterwards, drops the schema and deletes the prefix's keys.
 */
async function withCluster<T>(
  { admin, redis, backing, template, log }: ClusterContext,
  instances: number,
  measure: (servers: ServerProcess[]) => Promise<T>,
): Promise<T> {
  const id = randomUUID().replaceAll('-', '').slice(0, 12);
  const schema = `govbot_bench_${id}`;
  const prefix = `govbot-bench-${id}:`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const servers: ServerProcess[] = [];
  try {
    const databaseUrl = new URL(backing.databaseUrl);
    databaseUrl.searchParams.set('options', `-c search_path=${schema}`);
    const start = process.hrtime.bigint();
    await seed(databaseUrl.toString(), template);
    const seeded = msSince(start);
    const env = { DATABASE_URL: databaseUrl.toString(), REDIS_URL: backing.redisUrl, GOVBOT_REDIS_PREFIX: prefix };
    const started = await Promise.allSettled(
      Array.from({ length: instances }, () => forkServer('govbot', template, env)),
    );
    for (const result of started) if (result.status === 'fulfilled') servers.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    log(
      `cluster: schema seeded in ${(seeded / 1000).toFixed(1)} s, instances started ${((msSince(start) - seeded) / 1000).toFixed(1)} s later`,
    );
    return await measure(servers);
  } finally {
    await Promise.allSettled(servers.map((server) => server.close()));
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await redis.unlink(keys);
    }
  }
}

/** Migrates and seeds the schema (catalogue, intents) and stores the template's trained model in it. */
async function seed(databaseUrl: string, template: string): Promise<void> {
  const trained = openSqliteStorage(join(template, DATABASE_FILE));
  const { storage } = await openStorage({ dataDir: template, databaseUrl });
  try {
    const model = await trained.models.findLatestModel();
    if (!model) throw new Error('the template data directory has no model');
    await storage.models.saveModel(model);
  } finally {
    await Promise.all([trained.close(), storage.close()]);
  }
}

/**
 * A running total of the CPU the PostgreSQL server uses (the postmaster and its backends), when it runs on this
 * machine and its data directory is readable (as for the throwaway server of scripts/test-postgres.sh); else undefined.
 */
async function postgresCpuReader(admin: pg.Pool, url: string): Promise<CpuReader | undefined> {
  const host = new URL(url).hostname;
  if (!['', 'localhost', '127.0.0.1', '[::1]'].includes(host)) return undefined;
  try {
    const { rows } = await admin.query<{ data_directory: string }>('SHOW data_directory');
    const dataDirectory = rows[0]?.data_directory;
    if (!dataDirectory) return undefined;
    const pid = Number(readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
    processTreeCpuSeconds(pid);
    return () => processTreeCpuSeconds(pid);
  } catch {
    return undefined;
  }
}

async function describePostgres(admin: pg.Pool): Promise<string> {
  const show = async (name: string) => {
    const { rows } = await admin.query<Record<string, string>>(`SHOW ${name}`);
    return rows[0]?.[name] ?? 'unknown';
  };
  const version = (await show('server_version')).split(' ')[0];
  return `PostgreSQL ${version} (fsync ${await show('fsync')}, synchronous_commit ${await show('synchronous_commit')})`;
}

async function describeRedis(redis: RedisClientType): Promise<string> {
  const version = infoField(String(await redis.info('server')), 'redis_version') ?? 'unknown';
  const aof = infoField(String(await redis.info('persistence')), 'aof_enabled');
  return `Redis ${version} (${aof === '1' ? 'appending to a file' : 'no append-only file'})`;
}

/** The CPU seconds Redis has used so far (`INFO cpu`: its main and background threads, system and user). */
async function redisCpuSeconds(redis: RedisClientType): Promise<number> {
  const info = String(await redis.info('cpu'));
  return Number(infoField(info, 'used_cpu_sys') ?? 0) + Number(infoField(info, 'used_cpu_user') ?? 0);
}

function infoField(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStorage } from '../../src/storage/openStorage.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { freshSchema } from '../storage/postgresTestDatabase.js';
import { freshDataDir, startTestBot, type TestBot } from '../support/startTestBot.js';
import { freshPrefix } from './redisTestServer.js';

export interface TestCluster {
  /** The running instances, in the order started. */
  readonly instances: TestBot[];
  /** The PostgreSQL URL every instance uses (a schema of its own). */
  readonly databaseUrl: string;
  /** Stops instance `index` and starts a new one in its place (a rolling restart's step). */
  restart(index: number): Promise<TestBot>;
  /** Stops every instance and drops the schema. */
  dispose(): Promise<void>;
}

export interface ClusterOptions {
  databaseUrl: string;
  redisUrl: string;
  instances?: number;
  /**
   * Put the test run's trained model into the database first, so instances start in seconds; without, the first
   * instance trains (what a real first start does).
   */
  seedModel?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * GovBot instances as a load balancer would have them: one PostgreSQL schema and one Redis (a prefix of its own) for
 * all, each instance with its own port and data directory, started at the same moment.
 */
export async function startCluster(options: ClusterOptions): Promise<TestCluster> {
  const schema = freshSchema();
  const admin = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const withSchema = new URL(options.databaseUrl);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  const databaseUrl = withSchema.toString();
  if (options.seedModel ?? true) await seedModel(databaseUrl);
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: options.redisUrl,
    GOVBOT_REDIS_PREFIX: freshPrefix(),
    ...options.env,
  };
  const dataDirs: string[] = [];
  const start = () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'govbot-cluster-'));
    dataDirs.push(dataDir);
    return startTestBot({ dataDir, env });
  };
  const started = await Promise.allSettled(Array.from({ length: options.instances ?? 2 }, start));
  const instances = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const dispose = async () => {
    await Promise.allSettled(instances.map((instance) => instance.close()));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  };
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await dispose();
    throw failed.reason;
  }
  return {
    instances,
    databaseUrl,
    async restart(index) {
      const old = instances[index];
      if (!old) throw new Error(`no instance ${index}`);
      await old.close();
      const fresh = await start();
      instances[index] = fresh;
      return fresh;
    },
    dispose,
  };
}

/** Seeds the database (catalogue, intents) and stores the test run's trained model in it. */
async function seedModel(databaseUrl: string): Promise<void> {
  const templateDir = freshDataDir();
  const template = openSqliteStorage(join(templateDir, 'govbot.sqlite'));
  const { storage } = await openStorage({ dataDir: templateDir, databaseUrl });
  try {
    const model = await template.models.findLatestModel();
    if (!model) throw new Error('the template data directory has no model');
    await storage.models.saveModel(model);
  } finally {
    await Promise.all([template.close(), storage.close()]);
    rmSync(templateDir, { recursive: true, force: true });
  }
}

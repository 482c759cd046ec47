import { redactedUrl } from './databaseUrl.js';

/**
 * REDIS_URL: the Redis through which several GovBot instances share Socket.IO rooms, locks and messages. Instances
 * share their data too, so it needs PostgreSQL (DATABASE_URL): an SQLite file belongs to one machine.
 */
export function redisUrlOf(
  value: string | undefined,
  databaseUrl: string | undefined,
): { url?: string; problem?: string } {
  if (value === undefined) return {};
  if (!URL.canParse(value))
    return { problem: 'not a URL: expected redis://[:password@]host:6379[/db] (value not shown)' };
  const url = new URL(value);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    return { problem: `expected a redis:// or rediss:// URL (got a ${url.protocol} URL)` };
  }
  if (url.hostname === '') return { problem: `no host (got ${JSON.stringify(redactedUrl(value))})` };
  if (databaseUrl === undefined) {
    return {
      problem:
        "several instances need a shared database: set DATABASE_URL (PostgreSQL) too; the SQLite file is one machine's",
    };
  }
  return { url: value };
}

import { randomUUID } from 'node:crypto';

/**
 * The Redis the cluster tests use: GOVBOT_TEST_REDIS_URL (scripts/test-redis.sh starts a throwaway server and sets
 * it). Without it these tests are mandatory in CI (this throws when `CI` is set) and skipped elsewhere after a loud
 * warning: never a silent pass.
 */
export function testRedisUrl(): string | undefined {
  const url = process.env.GOVBOT_TEST_REDIS_URL?.trim();
  if (url) return url;
  const message = 'GOVBOT_TEST_REDIS_URL is not set. Run the tests with scripts/test-redis.sh, which starts a Redis.';
  if (process.env.CI) throw new Error(`${message} The tests of several instances are mandatory in CI.`);
  process.stderr.write(`\n${'!'.repeat(80)}\n!! ${message}\n!! CLUSTER TESTS ARE SKIPPED.\n${'!'.repeat(80)}\n\n`);
  return undefined;
}

/** A prefix of its own per test, so that tests sharing the server never hear each other's messages or locks. */
export function freshPrefix(): string {
  return `govbot-test-${randomUUID().slice(0, 8)}:`;
}

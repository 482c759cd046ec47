import { describe, expect, it } from 'vitest';
import { storageLocation } from '../../src/cli/openCommandStorage.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error instanceof Error ? error.message : '';
  }
  throw new Error('loadConfig accepted the environment');
}

describe('DATABASE_URL selects the storage', () => {
  it('is unset by default: SQLite in the data directory', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: '  ' }).databaseUrl).toBeUndefined();
  });

  it('takes postgres:// and postgresql:// URLs, also over a Unix socket', () => {
    for (const url of [
      'postgres://govbot:s3cret@db.example:5432/govbot',
      'postgresql://govbot@127.0.0.1/govbot?sslmode=require',
      'postgresql:///govbot?host=/var/run/postgresql',
    ]) {
      expect(loadConfig({ DATABASE_URL: ` ${url} ` }).databaseUrl).toBe(url);
    }
  });

  it('refuses other URLs with the other bad keys in one message, never showing the password', () => {
    const message = problemsOf({ DATABASE_URL: 'mysql://govbot:s3cret@db.example/govbot', PORT: '70000' });
    expect(message.split('\n')).toEqual([
      'Invalid configuration:',
      '  PORT: Too big: expected number to be <=65535 (got "70000")',
      '  DATABASE_URL: expected a postgres:// or postgresql:// URL (got a mysql: URL)',
    ]);
  });

  it('says what is missing: a host, a database name; and shows nothing of a value that is no URL', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://govbot:s3cret@db.example' })).toContain(
      'DATABASE_URL: no database name after the host (got "postgres://govbot:***@db.example")',
    );
    expect(problemsOf({ DATABASE_URL: 'postgres:///govbot' })).toContain('DATABASE_URL: no host');
    // Without a scheme the user name reads as one, and the password as a path: neither is shown.
    const garbled = problemsOf({ DATABASE_URL: 'govbot:s3cret@db.example/govbot' });
    expect(garbled).toContain('DATABASE_URL: expected a postgres:// or postgresql:// URL (got a govbot: URL)');
    expect(problemsOf({ DATABASE_URL: 'db.example s3cret' })).toContain('DATABASE_URL: not a URL');
    for (const message of [
      garbled,
      problemsOf({ DATABASE_URL: 'db.example s3cret' }),
      problemsOf({ DATABASE_URL: 'postgres://govbot:s3cret@db.example' }),
    ]) {
      expect(message).not.toContain('s3cret');
    }
  });

  it('is read by the commands as by the server', () => {
    expect(storageLocation('/var/lib/govbot', {})).toEqual({ dataDir: '/var/lib/govbot', databaseUrl: undefined });
    expect(storageLocation('./data', { DATABASE_URL: 'postgres://db.example/govbot' })).toEqual({
      dataDir: './data',
      databaseUrl: 'postgres://db.example/govbot',
    });
    expect(() => storageLocation('./data', { DATABASE_URL: 'sqlite://x:s3cret@y/z' })).toThrow(ConfigError);
    expect(() => storageLocation('./data', { DATABASE_URL: 'sqlite://x:s3cret@y/z' })).not.toThrow(/s3cret/);
  });
});

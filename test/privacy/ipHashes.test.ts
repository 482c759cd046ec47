import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { ipHasher } from '../../src/privacy/ipHasher.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('IP addresses', () => {
  it('are not kept at all without a secret', () => {
    expect(ipHasher(undefined)('203.0.113.7')).toBeUndefined();
  });

  it('are kept as a truncated keyed hash with one: stable, different per address and per secret', () => {
    const hash = ipHasher(SECRET);
    const first = hash('203.0.113.7');
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(first).not.toContain('203');
    expect(hash('203.0.113.7')).toBe(first);
    expect(hash('::ffff:203.0.113.7')).toBe(first);
    expect(hash('203.0.113.8')).not.toBe(first);
    expect(ipHasher(`${SECRET}!`)('203.0.113.7')).not.toBe(first);
    expect(hash(undefined)).toBeUndefined();
  });
});

describe('GOVBOT_STORE_IP_HASHES', () => {
  it('is off by default: no secret is used even when one is set', () => {
    expect(loadConfig({}).ipHashSecret).toBeUndefined();
    expect(loadConfig({ GOVBOT_IP_HASH_SECRET: SECRET }).ipHashSecret).toBeUndefined();
  });

  it('when on, requires a secret of at least 32 characters', () => {
    for (const env of [{}, { GOVBOT_IP_HASH_SECRET: 'too-short' }]) {
      expect(() => loadConfig({ GOVBOT_STORE_IP_HASHES: 'on', ...env })).toThrow(ConfigError);
      expect(() => loadConfig({ GOVBOT_STORE_IP_HASHES: 'on', ...env })).toThrow(/GOVBOT_IP_HASH_SECRET: at least 32/);
    }
    expect(loadConfig({ GOVBOT_STORE_IP_HASHES: 'on', GOVBOT_IP_HASH_SECRET: SECRET }).ipHashSecret).toBe(SECRET);
  });

  it('has retention periods with defaults, checked like every key', () => {
    expect(loadConfig({}).retention).toEqual({ transcriptDays: 90, applicationDays: 365, ticketDays: 90 });
    expect(() => loadConfig({ GOVBOT_RETENTION_TRANSCRIPT_DAYS: '0' })).toThrow(/GOVBOT_RETENTION_TRANSCRIPT_DAYS/);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('configuration of the limits', () => {
  it('has defaults no citizen reaches and a script does', () => {
    const config = loadConfig({});
    expect(config.limits).toEqual({
      messages: { burst: 10, perMinute: 60 },
      addressMessages: { burst: 100, perMinute: 600 },
      connectionsPerAddress: 50,
    });
    expect(config.trustedProxies).toBe(0);
  });

  it('takes each limit from the environment, 0 switching that one off', () => {
    const config = loadConfig({
      GOVBOT_MESSAGE_BURST: '5',
      GOVBOT_MESSAGES_PER_MINUTE: '30',
      GOVBOT_IP_MESSAGE_BURST: '0',
      GOVBOT_MAX_CONNECTIONS_PER_IP: '0',
      GOVBOT_TRUST_PROXY: '2',
    });
    expect(config.limits).toEqual({ messages: { burst: 5, perMinute: 30 } });
    expect(config.trustedProxies).toBe(2);
  });

  it('lifts them all with GOVBOT_RATE_LIMITS=off', () => {
    expect(loadConfig({ GOVBOT_RATE_LIMITS: 'off', GOVBOT_MESSAGE_BURST: '5' }).limits).toEqual({});
  });

  it('names every bad limit at once', () => {
    const load = () =>
      loadConfig({ GOVBOT_MESSAGE_BURST: 'viele', GOVBOT_TRUST_PROXY: '-1', GOVBOT_RATE_LIMITS: 'maybe' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/GOVBOT_MESSAGE_BURST[\s\S]*GOVBOT_TRUST_PROXY|GOVBOT_TRUST_PROXY[\s\S]*GOVBOT_MESSAGE_BURST/);
    expect(load).toThrow(/GOVBOT_RATE_LIMITS/);
  });
});

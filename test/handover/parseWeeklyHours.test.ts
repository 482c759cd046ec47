import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { parseWeeklyHours } from '../../src/handover/parseWeeklyHours.js';

describe('parseWeeklyHours (GOVBOT_SERVICE_HOURS)', () => {
  it('reads a range of days', () => {
    expect(parseWeeklyHours('mo-fr 08:00-18:00')).toEqual([
      { days: ['mo', 'tu', 'we', 'th', 'fr'], opens: '08:00', closes: '18:00' },
    ]);
  });

  it('reads a single day, and a range of one day', () => {
    expect(parseWeeklyHours('sa 09:00-12:00')).toEqual([{ days: ['sa'], opens: '09:00', closes: '12:00' }]);
    expect(parseWeeklyHours('su-su 10:00-11:00')).toEqual([{ days: ['su'], opens: '10:00', closes: '11:00' }]);
  });

  it('reads several slots, with any case and spacing, and skips empty ones', () => {
    expect(parseWeeklyHours(' Mo - Th 08:00 - 16:00 ; FR 08:00-12:30;; sa 09:00-12:00; ')).toEqual([
      { days: ['mo', 'tu', 'we', 'th'], opens: '08:00', closes: '16:00' },
      { days: ['fr'], opens: '08:00', closes: '12:30' },
      { days: ['sa'], opens: '09:00', closes: '12:00' },
    ]);
    expect(parseWeeklyHours('mo-fr 08:00-12:00; mo-fr 13:00-17:00')).toHaveLength(2);
    expect(parseWeeklyHours('')).toEqual([]);
  });

  it.each([
    ['an unknown day', 'mo-fr 08:00-18:00; xx 09:00-12:00', '"xx 09:00-12:00"'],
    ['a backwards range', 'fr-mo 08:00-18:00', '"fr-mo 08:00-18:00"'],
    ['a missing time', 'mo-fr', '"mo-fr"'],
    ['a time without leading zero', 'sa 9:00-12:00', '"sa 9:00-12:00"'],
    ['a day spelt out', 'montag 08:00-12:00', '"montag 08:00-12:00"'],
    ['a comma instead of a semicolon', 'mo 08:00-12:00, di 08:00-12:00', '"mo 08:00-12:00, di 08:00-12:00"'],
  ])('refuses %s, naming the slot', (_what, text, slot) => {
    expect(() => parseWeeklyHours(text)).toThrow(slot);
    expect(() => parseWeeklyHours(text)).toThrow(/<day>\[-<day>\] HH:MM-HH:MM/);
  });
});

describe('loadConfig: the service centre settings', () => {
  const problemsOf = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error instanceof Error ? error.message : String(error);
    }
    throw new Error('loadConfig accepted the environment');
  };

  it('defaults to Mo–Fr 08:00–18:00 with the holidays of Bavaria and three chats per agent', () => {
    const config = loadConfig({});
    expect(config.serviceHours).toEqual({
      state: 'BY',
      timeZone: 'Europe/Berlin',
      weekly: [{ days: ['mo', 'tu', 'we', 'th', 'fr'], opens: '08:00', closes: '18:00' }],
      closedDates: [],
    });
    expect(config.maxChatsPerAgent).toBe(3);
    expect(config.handoffWebhook).toBeUndefined();
  });

  it('reads the hours, the Land, the closing days and the chats per agent', () => {
    const config = loadConfig({
      GOVBOT_SERVICE_HOURS: 'mo-th 08:00-16:00; fr 08:00-12:00',
      GOVBOT_STATE: 'BE',
      GOVBOT_CLOSED_DATES: '2026-12-24, 2026-12-31',
      GOVBOT_AGENT_MAX_CHATS: '5',
    });
    expect(config.serviceHours).toMatchObject({
      state: 'BE',
      weekly: [
        { days: ['mo', 'tu', 'we', 'th'], opens: '08:00', closes: '16:00' },
        { days: ['fr'], opens: '08:00', closes: '12:00' },
      ],
      closedDates: ['2026-12-24', '2026-12-31'],
    });
    expect(config.maxChatsPerAgent).toBe(5);
  });

  it('accepts "always" for a service centre that is always staffed', () => {
    expect(loadConfig({ GOVBOT_SERVICE_HOURS: 'always' }).serviceHours).toBeUndefined();
    expect(loadConfig({ GOVBOT_SERVICE_HOURS: ' Always ' }).serviceHours).toBeUndefined();
  });

  it('names a slot that cannot be read', () => {
    const message = problemsOf({ GOVBOT_SERVICE_HOURS: 'mo-fr 08:00-18:00; sonntags 10:00-12:00' });
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toMatch(/GOVBOT_SERVICE_HOURS: .*"sonntags 10:00-12:00"/);
  });

  it('refuses a slot that closes before it opens, and a closing day that is no date', () => {
    expect(problemsOf({ GOVBOT_SERVICE_HOURS: 'mo 18:00-08:00' })).toMatch(/GOVBOT_SERVICE_HOURS: .*close after/);
    expect(problemsOf({ GOVBOT_CLOSED_DATES: '2026-02-30' })).toMatch(/GOVBOT_SERVICE_HOURS: .*calendar date/);
  });

  it('lists a bad GOVBOT_SERVICE_HOURS and a missing webhook secret in one message', () => {
    const message = problemsOf({
      GOVBOT_SERVICE_HOURS: 'werktags 8-18',
      GOVBOT_HANDOFF_WEBHOOK_URL: 'https://contact-centre.example/handoff',
      GOVBOT_PUBLIC_URL: 'https://govbot.example',
    });
    const lines = message.split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}GOVBOT_SERVICE_HOURS: "werktags 8-18" is not/));
    expect(lines).toContain('  GOVBOT_HANDOFF_WEBHOOK_SECRET: required when GOVBOT_HANDOFF_WEBHOOK_URL is set');
    expect(lines).toHaveLength(3);
  });

  it('takes the webhook with its secret, and refuses a URL that is not http(s)', () => {
    const webhook = { GOVBOT_HANDOFF_WEBHOOK_SECRET: 's3cret', GOVBOT_PUBLIC_URL: 'https://govbot.example' };
    expect(loadConfig({ ...webhook, GOVBOT_HANDOFF_WEBHOOK_URL: 'https://cc.example/handoff' }).handoffWebhook).toEqual(
      { url: 'https://cc.example/handoff', secret: 's3cret' },
    );
    expect(problemsOf({ ...webhook, GOVBOT_HANDOFF_WEBHOOK_URL: 'ftp://cc.example/handoff' })).toMatch(
      /GOVBOT_HANDOFF_WEBHOOK_URL: not an http\(s\) URL/,
    );
  });

  it('refuses an unknown Land and a chat limit out of range, listing both', () => {
    const message = problemsOf({ GOVBOT_STATE: 'XX', GOVBOT_AGENT_MAX_CHATS: '0' });
    expect(message).toMatch(/GOVBOT_STATE/);
    expect(message).toMatch(/GOVBOT_AGENT_MAX_CHATS/);
  });

  it('lists a key refused by the schema together with bad service hours', () => {
    const message = problemsOf({ GOVBOT_AGENT_MAX_CHATS: '0', GOVBOT_SERVICE_HOURS: 'werktags 8-18' });
    expect(message).toMatch(/GOVBOT_AGENT_MAX_CHATS/);
    expect(message).toMatch(/GOVBOT_SERVICE_HOURS/);
  });
});

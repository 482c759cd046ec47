import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Several mistakes at once: bad values, a typo of a key, a secret too short, a rule between keys. */
const BAD_ENV = {
  PORT: '70000',
  LOG_LEVEL: 'loud',
  GOVBOT_AGENT_MAX_CHATS: 'abc',
  GOVBOT_SERVICE_HOUR: 'always',
  GOVBOT_METRICS_TOKEN: 'short-secret',
  GOVBOT_HANDOFF_WEBHOOK_URL: 'https://contact-centre.example/handoff',
  GOVBOT_PUBLIC_URL: 'https://govbot.example',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error instanceof Error ? error.message : '').split('\n');
  }
  throw new Error('loadConfig accepted the environment');
}

describe('configuration checked at start-up', () => {
  it('lists every bad key in one message: name, value and what is expected; never a secret', () => {
    const lines = problemsOf(BAD_ENV);
    expect(lines).toEqual([
      'Invalid configuration:',
      '  PORT: Too big: expected number to be <=65535 (got "70000")',
      expect.stringMatching(/^ {2}LOG_LEVEL: Invalid option: expected one of "fatal"\|.*"silent" \(got "loud"\)$/),
      expect.stringMatching(/^ {2}GOVBOT_AGENT_MAX_CHATS: .*expected number.* \(got "abc"\)$/),
      '  GOVBOT_SERVICE_HOUR: not a setting; did you mean GOVBOT_SERVICE_HOURS?',
      '  GOVBOT_METRICS_TOKEN: too short: expected at least 16 characters',
      '  GOVBOT_HANDOFF_WEBHOOK_SECRET: required when GOVBOT_HANDOFF_WEBHOOK_URL is set',
    ]);
    expect(lines.join('\n')).not.toContain('short-secret');
  });

  it('reports the keys of a bad environment in the order of the settings, a long value shortened', () => {
    const lines = problemsOf({
      GOVBOT_CHAT_TRUST_LEVEL: 'x'.repeat(200),
      GOVBOT_MAX_UPLOAD_BYTES: '0.5',
      GOVBOT_CITY: '',
    });
    expect(lines).toEqual([
      'Invalid configuration:',
      expect.stringMatching(/^ {2}GOVBOT_CITY: Too small: .* \(got ""\)$/),
      `  GOVBOT_CHAT_TRUST_LEVEL: Invalid option: expected one of "none"|"low"|"substantial"|"high" (got "${'x'.repeat(80)}…")`,
      '  GOVBOT_MAX_UPLOAD_BYTES: Invalid input: expected int, received number (got "0.5")',
    ]);
  });

  it("warns of an unknown GOVBOT_ variable unlike any setting, and leaves recipients' secrets alone", () => {
    const config = loadConfig({ GOVBOT_FAVOURITE_COLOUR: 'blau', GOVBOT_SECRET_STEUERAMT: 'geheim' });
    expect(config.warnings).toEqual(['GOVBOT_FAVOURITE_COLOUR: not a setting of GovBot, ignored']);
  });

  it('reads the metrics token', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ GOVBOT_METRICS_TOKEN: ' 0123456789abcdef ' }).metricsToken).toBe('0123456789abcdef');
  });

  it('reads the shutdown timeout: 15 s by default, whole milliseconds from 1 s to 10 minutes', () => {
    expect(loadConfig({}).shutdownTimeoutMs).toBe(15_000);
    expect(loadConfig({ GOVBOT_SHUTDOWN_TIMEOUT_MS: '2000' }).shutdownTimeoutMs).toBe(2000);
    for (const bad of ['500', '600001', '1.5', 'bald']) {
      expect(problemsOf({ GOVBOT_SHUTDOWN_TIMEOUT_MS: bad })).toEqual([
        'Invalid configuration:',
        expect.stringMatching(new RegExp(`^ {2}GOVBOT_SHUTDOWN_TIMEOUT_MS: .* \\(got "${bad}"\\)$`)),
      ]);
    }
  });

  it('`govbot serve` exits non-zero with the whole list, before it opens anything', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'govbot-config-')), 'data');
    try {
      const env = { PATH: process.env.PATH, ...BAD_ENV };
      const exit = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          [join(root, 'dist/src/cli/govbot.js'), 'serve', '--data-dir', dataDir],
          { cwd: root, env, timeout: 30_000 },
          (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
        );
      });
      expect(exit.code).toBe(1);
      expect(exit.stdout).toBe('');
      const message = exit.stderr.trim().split('\n');
      expect(message[0]).toBe('govbot: Invalid configuration:');
      expect(message.slice(1)).toEqual(problemsOf(BAD_ENV).slice(1));
    } finally {
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { deliveriesCommand, retryDeliveryCommand } from '../../src/cli/commands/deliveriesCommand.js';
import { openDataDir } from '../../src/storage/openDataDir.js';
import { submission, tokenHash } from './fixtures.js';

const dataDir = mkdtempSync(join(tmpdir(), 'govbot-deliveries-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function output(run: () => Promise<void>): Promise<string> {
  let written = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  await run();
  vi.restoreAllMocks();
  return written;
}

describe('govbot deliveries', () => {
  it('lists the outbox as a table or JSON, filtered, and retries a failed delivery', async () => {
    const { storage } = await openDataDir(dataDir);
    const { reference } = await storage.applications.submitApplication(submission(), tokenHash(1));
    const [failed, pending] = await storage.applications.listDeliveries({ reference });
    if (failed === undefined || pending === undefined) throw new Error('expected two deliveries');
    await storage.applications.markAttemptFailed(failed.id, 'HTTP 503: Service Unavailable', undefined);
    await storage.close();

    const table = (await output(() => deliveriesCommand({ dataDir, json: false }))).split('\n');
    expect(table[0]).toMatch(/^delivery\s+reference\s+recipient\s+status\s+attempts\s+next attempt\s+last error$/);
    expect(table.find((line) => line.startsWith(failed.id))).toMatch(
      new RegExp(`${reference}\\s+${failed.recipientId}\\s+failed\\s+1\\s+HTTP 503: Service Unavailable$`),
    );
    expect(table.find((line) => line.startsWith(pending.id))).toMatch(/pending\s+0\s+\d{4}-\d\d-\d\dT[\d:]+Z$/);

    const json = JSON.parse(await output(() => deliveriesCommand({ dataDir, status: 'failed', json: true })));
    expect(json).toMatchObject([{ id: failed.id, status: 'failed', lastError: 'HTTP 503: Service Unavailable' }]);

    const command = { optsWithGlobals: () => ({ dataDir }) };
    expect(await output(() => retryDeliveryCommand(failed.id, {}, command))).toContain('pending again');
    await expect(retryDeliveryCommand(failed.id, {}, command)).rejects.toThrow(/no failed delivery/);
    expect(await output(() => deliveriesCommand({ dataDir, status: 'failed', json: false }))).toBe('no deliveries\n');
  });
});

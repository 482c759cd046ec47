import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDataDir } from '../../src/storage/openDataDir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** Runs the built `govbot` command (`npm test` builds first), as test/cli/govbot.test.ts does. */
function govbot(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const child = run(process.execPath, [join(root, 'dist/src/cli/govbot.js'), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '' },
  });
  child.child.stdin?.end();
  return child;
}

// Each run of the command starts Node and opens the data dir: a second or so, more on a busy machine.
describe('govbot tenant', { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'govbot-tenant-'));
  const tenant = (...args: string[]) => govbot(['tenant', ...args, '--data-dir', dataDir]);
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds a tenant, changes only the settings given, and lists and shows it', async () => {
    const added = await tenant(
      'add',
      'ebersberg',
      '--name',
      'Ebersberg',
      '--privacy-url',
      '/ebersberg/datenschutz',
      '--origin',
      'https://www.ebersberg.example',
      '--origin',
      'https://ebersberg.example',
      '--bot-id',
      'bot-eb',
      '--color',
      '#005a9f',
    );
    expect(added.stdout).toBe('added tenant ebersberg; running servers use it within 30 seconds\n');

    await tenant('set', 'ebersberg', '--title', 'Frag Ebersberg', '--bot-id', 'bot-eb-2', '--privacy-url', '');
    const shown = JSON.parse((await tenant('show', 'ebersberg')).stdout);
    expect(shown).toMatchObject({
      id: 'ebersberg',
      settings: {
        name: 'Ebersberg',
        allowedOrigins: ['https://www.ebersberg.example', 'https://ebersberg.example'],
        botIds: ['bot-eb', 'bot-eb-2'],
        branding: { color: '#005a9f', title: 'Frag Ebersberg' },
      },
    });
    // An empty value removed the privacy notice: the installation's applies again.
    expect(shown.settings).not.toHaveProperty('privacyUrl');

    await tenant(
      'set',
      'ebersberg',
      '--clear-origins',
      '--origin',
      'https://portal.ebersberg.example',
      '--clear-bot-ids',
    );
    const { stdout } = await tenant('list');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+knowledge\s+origins\s+bot ids$/);
    // Without content of its own, it answers with the shared knowledge.
    expect(lines).toContainEqual(
      expect.stringMatching(/^ebersberg\s+Ebersberg\s+shared\s+https:\/\/portal\.ebersberg\.example$/),
    );

    const listed = JSON.parse((await tenant('list', '--json')).stdout);
    expect(listed).toContainEqual(
      expect.objectContaining({ id: 'ebersberg', settings: expect.objectContaining({ name: 'Ebersberg' }) }),
    );
    expect(listed.find((entry: { id: string }) => entry.id === 'ebersberg').settings).not.toHaveProperty('botIds');

    // What a running server reads: the stored settings, and an audit entry per change.
    const { storage } = await openDataDir(dataDir);
    try {
      expect((await storage.tenants.findTenant('ebersberg'))?.settings.allowedOrigins).toEqual([
        'https://portal.ebersberg.example',
      ]);
      const audit = await storage.audit.listAudit({ actionPrefix: 'tenant.' });
      expect(audit.map((entry) => entry.action)).toEqual(['tenant.changed', 'tenant.changed', 'tenant.added']);
      expect(audit.every((entry) => entry.actorName === 'cli')).toBe(true);
    } finally {
      await storage.close();
    }
  });

  it('refuses bad settings naming each option, an existing id, an unknown one and a claimed bot id', async () => {
    const invalid = tenant(
      'add',
      'grafing',
      '--origin',
      'http://grafing.example/',
      '--color',
      'blau',
      '--logo',
      'ftp://x',
    );
    await expect(invalid).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /invalid tenant settings:\n {2}--origin "http:\/\/grafing\.example\/": an origin[^\n]*\n {2}--color: #rgb or #rrggbb\n {2}--logo: /,
      ),
    });
    await expect(tenant('add', 'Grafing!')).rejects.toMatchObject({
      stderr: expect.stringContaining('invalid tenant id "Grafing!"'),
    });
    await expect(tenant('add', 'default')).rejects.toMatchObject({
      stderr: expect.stringContaining('the tenant default exists already'),
    });
    await tenant('add', 'grafing', '--bot-id', 'bot-grafing');
    await expect(tenant('add', 'grafing')).rejects.toMatchObject({
      stderr: expect.stringContaining('the tenant grafing exists already'),
    });
    await expect(tenant('set', 'kirchseeon', '--name', 'Kirchseeon')).rejects.toMatchObject({
      stderr: expect.stringContaining('no tenant kirchseeon'),
    });
    await expect(tenant('add', 'kirchseeon', '--bot-id', 'bot-grafing')).rejects.toMatchObject({
      stderr: expect.stringContaining('bot-grafing (grafing)'),
    });
    await expect(tenant('show', 'kirchseeon')).rejects.toMatchObject({ stderr: 'govbot: no tenant kirchseeon\n' });
    // Nothing of the refused commands was stored.
    const listed: { id: string }[] = JSON.parse((await tenant('list', '--json')).stdout);
    expect(listed.map((entry) => entry.id)).not.toContain('kirchseeon');
  });

  it("sets a tenant's hours, Land, dialogs, hidden services and retention, and refuses what does not exist", async () => {
    await tenant(
      'add',
      'zorneding',
      '--service-hours',
      'mo-fr 08:00-12:00; th 14:00-18:00',
      '--state',
      'BY',
      '--dialogs',
      'hund-anmelden, zaehlerstand-melden',
      '--hide-service',
      'bewohnerparkausweis',
      '--transcript-days',
      '30',
    );
    await tenant('set', 'zorneding', '--ticket-days', '60', '--transcript-days', '', '--name', 'Zorneding');
    const show = async () => JSON.parse((await tenant('show', 'zorneding')).stdout).settings;
    expect(await show()).toEqual({
      name: 'Zorneding',
      serviceHours: 'mo-fr 08:00-12:00; th 14:00-18:00',
      state: 'BY',
      // Changing the name kept the list of dialogs.
      dialogs: ['hund-anmelden', 'zaehlerstand-melden'],
      hiddenServices: ['bewohnerparkausweis'],
      retention: { ticketDays: 60 },
    });
    await tenant('set', 'zorneding', '--dialogs', 'none', '--show-service', 'bewohnerparkausweis');
    expect(await show()).toMatchObject({ dialogs: [] });
    expect(await show()).not.toHaveProperty('hiddenServices');
    await tenant('set', 'zorneding', '--dialogs', 'all', '--service-hours', '');
    expect(await show()).not.toHaveProperty('dialogs');
    expect(await show()).not.toHaveProperty('serviceHours');

    await expect(
      tenant(
        'set',
        'zorneding',
        '--service-hours',
        'montags',
        '--state',
        'XX',
        '--transcript-days',
        '0',
        '--ticket-days',
        'viele',
      ),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /--service-hours: "montags" is not[^\n]*\n {2}--state: [^\n]*\n {2}--transcript-days: [^\n]*\n {2}--ticket-days: /,
      ),
    });
    await expect(
      tenant('set', 'zorneding', '--dialogs', 'hund-anmelden,hundeanmeldung', '--hide-service', 'mondlandung'),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /--dialogs: no such dialog: hundeanmeldung \(there are [^\n]*\n {2}--hide-service: not a shared service: mondlandung/,
      ),
    });
  });

  it('changes the default tenant, which exists without being added', async () => {
    await tenant('set', 'default', '--origin', 'https://www.musterstadt.example');
    const shown = JSON.parse((await tenant('show', 'default')).stdout);
    expect(shown.settings.allowedOrigins).toEqual(['https://www.musterstadt.example']);
  });

  it("imports a tenant's own catalogue and intents into its layer, leaving the shared ones alone", async () => {
    await tenant('add', 'muenchen', '--name', 'München');
    const munich = (file: string) => join(root, '..', 'shared', 'data', 'munich-dldb', file);
    const imported = await govbot([
      'import',
      '--format',
      'dldb',
      munich('services_de.json'),
      '--locations',
      munich('locations_de.json'),
      '--tenant',
      'muenchen',
      '--data-dir',
      dataDir,
    ]);
    expect(imported.stdout).toMatch(
      /^imported \d+ services and \d+ offices into muenchen's own catalogue; the draft changed: `govbot train --tenant muenchen` publishes it\n$/,
    );

    const corpusDir = mkdtempSync(join(tmpdir(), 'govbot-tenant-intents-'));
    const exportDir = mkdtempSync(join(tmpdir(), 'govbot-tenant-export-'));
    try {
      mkdirSync(join(corpusDir, 'de'));
      const corpus = {
        name: 'München',
        locale: 'de',
        data: [{ intent: 'thanks', utterances: ['Merci vielmals'], answers: ['Gern geschehen, Ihre Stadt München.'] }],
      };
      writeFileSync(join(corpusDir, 'de', 'muenchen.json'), JSON.stringify(corpus));
      const intents = (command: string, ...args: string[]) =>
        govbot([command, '--tenant', 'muenchen', ...args, '--data-dir', dataDir]);
      // A tenant's corpora have no default folder: GovBot's own intents/ are the shared ones.
      await expect(intents('import-intents')).rejects.toThrow(/--dir is required with --tenant muenchen/);
      expect((await intents('import-intents', '--dir', corpusDir)).stdout).toMatch(
        /^added de\/muenchen.json: 1 intent$/m,
      );
      await intents('export-intents', '--dir', exportDir);
      expect(JSON.parse(readFileSync(join(exportDir, 'de', 'muenchen.json'), 'utf8'))).toMatchObject({
        name: corpus.name,
        data: corpus.data,
      });
      await expect(
        govbot(['import-intents', '--tenant', 'nirgendwo', '--dir', corpusDir, '--data-dir', dataDir]),
      ).rejects.toThrow(/no tenant nirgendwo/);
      // Its own layer, not published yet (`govbot train --tenant muenchen` would).
      expect((await tenant('list')).stdout).toMatch(
        /^muenchen\s+München\s+own not published \(\d+ services, 1 corpora\)/m,
      );
    } finally {
      rmSync(corpusDir, { recursive: true, force: true });
      rmSync(exportDir, { recursive: true, force: true });
    }

    const { storage } = await openDataDir(dataDir);
    try {
      const own = storage.knowledgeOf('muenchen');
      const ownServices = await own.catalogue.listServices();
      expect(ownServices.length).toBeGreaterThan(100);
      expect(ownServices.every((service) => service.source?.kind === 'dldb')).toBe(true);
      // The shared layer is the seeded default catalogue and GovBot's intents, untouched.
      const shared = await storage.catalogue.listServices();
      expect(shared.some((service) => service.source?.kind === 'dldb')).toBe(false);
      expect((await storage.intents.listCorpusFiles()).map((file) => file.path)).not.toContain('de/muenchen.json');
      expect((await own.intents.listCorpusFiles()).map((file) => file.path)).toEqual(['de/muenchen.json']);
    } finally {
      await storage.close();
    }
  });
});

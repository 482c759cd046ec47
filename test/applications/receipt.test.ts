import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { ApplicationService } from '../../src/applications/ApplicationService.js';
import { RECEIPT_STYLE, renderReceipt } from '../../src/applications/receipt.js';
import type { StoredApplication } from '../../src/applications/types.js';
import { createReceiptRouter } from '../../src/http/receiptRouter.js';
import type { Storage } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { submission } from './fixtures.js';

const NAMES = {
  steueramt: { de: 'Steueramt Musterstadt', en: 'Municipal Tax Office' },
  ordnungsamt: { de: 'Ordnungsamt <b>Musterstadt</b>' },
};
const HOSTILE = '<script>alert("x")</script>';

function stored(overrides: Partial<StoredApplication> = {}): StoredApplication {
  return {
    ...submission(),
    tenantId: 'default',
    reference: 'HU-2026-7K3Q9M-4',
    submittedAt: '2026-03-02T09:05:00.000Z',
    ...overrides,
  };
}

describe('receipt', () => {
  it('escapes everything the citizen entered and runs no script', () => {
    const { html, text } = renderReceipt(
      stored({
        title: { de: 'Hund anmelden', citizen: `Hund ${HOSTILE}` },
        citizenSummary: [
          { path: 'dogs[0].name', label: `Name ${HOSTILE}`, value: `Bello ${HOSTILE}\nzweite Zeile` },
          { path: 'note', label: 'Hinweis', value: `" onmouseover="alert(1)` },
        ],
      }),
      NAMES,
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('" onmouseover');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(html).toContain('Ordnungsamt &#60;b&#62;Musterstadt&#60;/b&#62; (zur Kenntnis)');
    // The text file is not markup: the citizen sees exactly what they entered.
    expect(text).toContain(`Name ${HOSTILE}: Bello ${HOSTILE}\n  zweite Zeile`);
  });

  it('is an accessible page in the citizen’s language with reference, German time, recipients and their answers', () => {
    const de = renderReceipt(stored(), NAMES).html;
    expect(de).toMatch(/^<!doctype html>\n<html lang="de">/);
    expect(de).toContain('<h1>Eingangsbestätigung</h1>');
    expect(de).toContain('<dt>Vorgangsnummer</dt><dd class="reference">HU-2026-7K3Q9M-4</dd>');
    // 09:05 UTC is 10:05 in Berlin in March.
    expect(de).toContain('<dt>Eingegangen am</dt><dd>2. März 2026 um 10:05 Uhr</dd>');
    expect(de).toContain('<li>Steueramt Musterstadt</li>');
    expect(de).toContain('<h2>Ihre Angaben</h2>');
    expect(de).toContain('<dt>Name des Hundes</dt><dd>Bello</dd>');
    expect(de).toContain('@media print');

    const en = renderReceipt(
      stored({
        lang: 'en',
        title: { de: 'Hund anmelden', citizen: 'Register a dog' },
        citizenSummary: [{ path: 'dogs[0].name', label: 'Name of the dog', value: 'Bello' }],
        submittedAt: '2026-07-01T09:05:00.000Z',
      }),
      NAMES,
    );
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('<dt>Reference number</dt>');
    expect(en.html).toContain('1 July 2026 at 11:05 (German time)');
    expect(en.html).toContain('<li>Municipal Tax Office</li>');
    // No English name: the German one.
    expect(en.html).toContain('Ordnungsamt &#60;b&#62;Musterstadt&#60;/b&#62; (for information)');
    expect(en.text).toContain('Reference number: HU-2026-7K3Q9M-4');
    expect(en.text).toContain('Name of the dog: Bello');
    expect(en.fileName).toBe('HU-2026-7K3Q9M-4.txt');
  });
});

describe('receipt router', () => {
  let storage: Storage | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    await storage?.close();
  });

  async function start(): Promise<{ base: string; service: ApplicationService }> {
    storage = openSqliteStorage(':memory:');
    const service = new ApplicationService(storage.applications);
    const app = express();
    app.use(createReceiptRouter(service, NAMES));
    const listening = app.listen(0);
    server = listening;
    await new Promise<void>((resolve) => listening.once('listening', () => resolve()));
    const address = listening.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return { base: `http://127.0.0.1:${address.port}`, service };
  }

  it('shows the receipt page and the text file for the token given on submission, never cached or indexed', async () => {
    const { base, service } = await start();
    const submitted = await service.submit(
      submission({ citizenSummary: [{ path: 'x', label: 'Wert', value: HOSTILE }] }),
    );
    expect(submitted.receiptToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await service.submit(submission())).receiptToken).toBeUndefined();

    const page = await fetch(`${base}/quittung/${submitted.receiptToken}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-robots-tag')).toBe('noindex');
    const styleHash = createHash('sha256').update(RECEIPT_STYLE).digest('base64');
    expect(page.headers.get('content-security-policy')).toContain(`style-src 'sha256-${styleHash}'`);
    const html = await page.text();
    expect(html).toContain(submitted.reference);
    expect(html).not.toContain('<script');
    expect(html).toContain(`href="/quittung/${submitted.receiptToken}/download"`);

    const download = await fetch(`${base}/quittung/${submitted.receiptToken}/download`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${submitted.reference}.txt"`);
    expect(download.headers.get('cache-control')).toBe('no-store');
    expect(await download.text()).toContain(`Vorgangsnummer: ${submitted.reference}`);
  });

  it('answers 404 for unknown and malformed tokens', async () => {
    const { base, service } = await start();
    await service.submit(submission());
    const unknown = 'A'.repeat(43);
    for (const path of [
      `/quittung/${unknown}`,
      `/quittung/${unknown}/download`,
      '/quittung/kurz',
      '/quittung/%3Cx%3E',
    ]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).not.toContain('<');
    }
  });
});

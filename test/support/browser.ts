import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches the system Chromium (`CHROMIUM_PATH`, else /usr/bin/chromium or chromium-browser).
 * Without one, browser tests are mandatory in CI (throws when `CI` is set) and skipped elsewhere
 * (returns undefined after a loud warning).
 */
export async function launchChromium(): Promise<Browser | undefined> {
  const executablePath = findChromium();
  if (!executablePath) {
    const where = process.env.CHROMIUM_PATH
      ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable`
      : `Chromium not found at ${CANDIDATES.join(' or ')}`;
    const message = `${where}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`;
    if (process.env.CI) throw new Error(`${message} Browser tests are mandatory in CI.`);
    process.stderr.write(`\n${'!'.repeat(80)}\n!! ${message}\n!! BROWSER TESTS ARE SKIPPED.\n${'!'.repeat(80)}\n\n`);
    return undefined;
  }
  return chromium.launch({ executablePath, headless: true, args: ARGS });
}

function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  // An explicitly configured path that does not work is an error worth seeing, not a reason to try others.
  if (configured) return isExecutable(configured) ? configured : undefined;
  return CANDIDATES.find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

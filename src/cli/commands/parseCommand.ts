import { createInterface } from 'node:readline';
import type { Language } from '../../catalogue/schema.js';
import { loadUnderstanding } from '../loadUnderstanding.js';

/** One question per stdin line → one JSON object per stdout line (the shape of `ParseResult`). */
export async function parseCommand(options: { dataDir: string; lang?: Language }): Promise<void> {
  const understanding = await loadUnderstanding(options.dataDir);
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const text = line.trim();
    if (!text) continue;
    const { ambiguous: _ambiguous, ...result } = understanding.parse(text, { lang: options.lang });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

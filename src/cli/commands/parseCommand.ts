import { createInterface } from 'node:readline';
import type { Language } from '../../catalogue/schema.js';
import { loadCurrentModel } from '../../nlu/trainModel.js';
import { Understanding } from '../../nlu/Understanding.js';
import { openDataDir } from '../../storage/openDataDir.js';

/** One question per stdin line → one JSON object per stdout line (the shape of `ParseResult`). */
export async function parseCommand(options: { dataDir: string; lang?: Language }): Promise<void> {
  const { storage } = await openDataDir(options.dataDir);
  let understanding: Understanding;
  try {
    const { model, services } = await loadCurrentModel(storage, {
      onTraining: () => process.stderr.write('no current model: training first\n'),
    });
    understanding = new Understanding(model, services);
  } finally {
    await storage.close();
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const text = line.trim();
    if (!text) continue;
    const { ambiguous: _ambiguous, ...result } = understanding.parse(text, { lang: options.lang });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

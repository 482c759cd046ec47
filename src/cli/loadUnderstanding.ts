import { loadLiveKnowledge } from '../editor/publishing/loadLiveKnowledge.js';
import { Understanding } from '../nlu/Understanding.js';
import { openCommandStorage } from './openCommandStorage.js';

/**
 * What the bot answers with, for a command: the live version's model and catalogue. A data directory without any
 * version gets its first from its draft, as `serve` would (trained first, with a note on stderr, when needed).
 */
export async function loadUnderstanding(dataDir: string): Promise<Understanding> {
  const { storage } = await openCommandStorage(dataDir);
  try {
    const { model, services } = await loadLiveKnowledge(storage, {
      onTraining: () => process.stderr.write('no model yet: training first\n'),
    });
    return new Understanding(model, services);
  } finally {
    await storage.close();
  }
}

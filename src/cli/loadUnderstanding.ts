import { loadCurrentModel } from '../nlu/trainModel.js';
import { Understanding } from '../nlu/Understanding.js';
import { openDataDir } from '../storage/openDataDir.js';

/** The data directory's current understanding for a command, trained first (with a note on stderr) when needed. */
export async function loadUnderstanding(dataDir: string): Promise<Understanding> {
  const { storage } = await openDataDir(dataDir);
  try {
    const { model, services } = await loadCurrentModel(storage, {
      onTraining: () => process.stderr.write('no current model: training first\n'),
    });
    return new Understanding(model, services);
  } finally {
    await storage.close();
  }
}

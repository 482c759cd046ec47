import { loadCurrentModel } from '../../nlu/trainModel.js';
import { openDataDir } from '../../storage/openDataDir.js';

export async function trainCommand(options: { dataDir: string }): Promise<void> {
  const { storage } = await openDataDir(options.dataDir);
  try {
    const started = Date.now();
    const { model, services } = await loadCurrentModel(storage, { retrain: true });
    process.stdout.write(
      `trained ${model.fingerprint} on ${services.length} services in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await storage.close();
  }
}

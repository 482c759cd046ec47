import { publishContent } from '../../editor/publishing/publishContent.js';
import { trainModel } from '../../nlu/trainModel.js';
import { openCommandStorage } from '../openCommandStorage.js';

/**
 * `govbot train`: trains the draft (corpora and catalogue) and publishes it as the newest version, by `cli`. This is an
 * operator's publication: no release gate runs (the workbench's training does that).
 */
export async function trainCommand(options: { dataDir: string }): Promise<void> {
  const { storage } = await openCommandStorage(options.dataDir);
  try {
    const started = Date.now();
    const [corpora, services, offices] = await Promise.all([
      storage.intents.listCorpusFiles(),
      storage.catalogue.listServices(),
      storage.catalogue.listOffices(),
    ]);
    const model = trainModel(
      corpora.map((file) => file.corpus),
      services,
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const { version } = await publishContent(
      storage,
      { model, corpora, catalogue: { services, offices } },
      { name: 'cli' },
    );
    process.stdout.write(
      `trained ${model.fingerprint} on ${services.length} services in ${seconds} s; published as version ${version.version} (a running server answers with it after a restart)\n`,
    );
  } finally {
    await storage.close();
  }
}

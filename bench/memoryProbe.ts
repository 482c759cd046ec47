// Child process of `measureLoadedMemory`: loads one saved model into a fresh process and reports the memory readings.
import { readFileSync } from 'node:fs';
import { IntentModel } from '../src/nlu/IntentModel.js';
import { memoryAfterGc } from './measure.js';
import { loadPlainNlp } from './plainNlp.js';

const QUESTION = 'Personalausweis beantragen';

async function main(): Promise<void> {
  const [engine, file] = process.argv.slice(2);
  if ((engine !== 'govbot' && engine !== 'nlpjs') || !file) throw new Error('usage: memoryProbe govbot|nlpjs <file>');
  // Both engines' code is loaded (static imports) before the baseline, so that the difference is the model alone.
  const baseline = memoryAfterGc();
  if (engine === 'govbot') {
    const model = IntentModel.fromJSON(readFileSync(file, 'utf8'));
    const loaded = memoryAfterGc();
    // Asking the model something keeps it alive up to the reading and shows that it loaded whole.
    const check = model.classifier('de').classify(QUESTION).classifications[0]?.intent ?? 'None';
    report({ baseline, loaded, check });
  } else {
    const nlp = await loadPlainNlp(readFileSync(file, 'utf8'), ['de', 'en']);
    const loaded = memoryAfterGc();
    const check = (await nlp.process('de', QUESTION)).intent;
    report({ baseline, loaded, check });
  }
}

function report(message: object): void {
  if (!process.send) throw new Error('memoryProbe runs as a child process of the benchmark');
  process.send(message);
}

main().catch((error: unknown) => {
  process.stderr.write(`memoryProbe: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Corpus } from './corpus.js';

/**
 * Reads the NLP.js corpus files under `intents/<lang>/*.json`. A broken file fails with its name, the path inside it
 * and the reason.
 */
export function loadCorporaDir(dir: string): Corpus[] {
  const corpora: Corpus[] = [];
  for (const lang of readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const name of readdirSync(join(dir, lang.name))
      .filter((file) => file.endsWith('.json'))
      .sort()) {
      const file = join(dir, lang.name, name);
      const where = relative(process.cwd(), file);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new Error(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      }
      const parsed = Corpus.safeParse(json);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
        throw new Error(`${where}: invalid corpus\n  ${issues.join('\n  ')}`);
      }
      if (parsed.data.locale !== lang.name) {
        throw new Error(`${where}: locale ${parsed.data.locale} does not match the folder ${lang.name}`);
      }
      corpora.push(parsed.data);
    }
  }
  return corpora;
}

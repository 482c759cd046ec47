import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Language } from '../../src/catalogue/schema.js';
import { detectUpset } from '../../src/handover/detectUpset.js';
import { readQuestionFile } from '../../src/nlu/evaluation/readQuestionFile.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const evalDir = join(root, '../shared/eval');
const massive = join(root, '../shared/data/massive-de-DE-dev-even.jsonl');

interface Labelled {
  lang: Language;
  upset: boolean;
  text: string;
}

/** `test/handover/fixtures/upset.tsv`: `lang<TAB>upset|calm<TAB>text`, `#` comments. */
function readLabelled(): Labelled[] {
  const content = readFileSync(fileURLToPath(new URL('fixtures/upset.tsv', import.meta.url)), 'utf8');
  return content
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line, index) => {
      const [lang, label, text, ...rest] = line.split('\t');
      if (rest.length > 0 || !text || (label !== 'upset' && label !== 'calm')) {
        throw new Error(`upset.tsv, entry ${index + 1}: expected lang, upset|calm and text, got "${line}"`);
      }
      return { lang: Language.parse(lang), upset: label === 'upset', text };
    });
}

const labelled = readLabelled();

describe('detectUpset on labelled messages', () => {
  it.each(Language.options)('finds at least 90 %% of the clearly upset %s messages', (lang) => {
    const upset = labelled.filter((m) => m.lang === lang && m.upset);
    expect(upset.length).toBeGreaterThanOrEqual(lang === 'de' ? 60 : 30);
    const missed = upset.filter((m) => !detectUpset(m.text, m.lang).upset).map((m) => m.text);
    expect(missed.length / upset.length, `missed: ${missed.join(' | ')}`).toBeLessThanOrEqual(0.1);
  });

  it('flags none of the near misses: complaints as a service, disappointment, negations, bad news, friendly shouting', () => {
    const calm = labelled.filter((m) => !m.upset);
    expect(calm.length).toBeGreaterThanOrEqual(60);
    expect(calm.filter((m) => detectUpset(m.text, m.lang).upset).map((m) => m.text)).toEqual([]);
  });
});

describe('detectUpset', () => {
  it('reads folded spellings like the originals and says what counted', () => {
    expect(detectUpset('Das ist unverschämt!', 'de')).toMatchObject({ upset: true, signals: ['anger:unverschaemt'] });
    expect(detectUpset('das ist unverschaemt', 'de')).toMatchObject({ upset: true, signals: ['anger:unverschaemt'] });
  });

  it('lets a negation cancel anger, but not an insult', () => {
    expect(detectUpset('Ich bin nicht sauer', 'de').upset).toBe(false);
    expect(detectUpset('Ich bin sauer', 'de').upset).toBe(true);
    expect(detectUpset("I'm not angry", 'en').upset).toBe(false);
    expect(detectUpset('Ich lasse mich nicht für dumm verkaufen', 'de').upset).toBe(true);
  });

  it('needs weak cues together: waiting alone is not upset, waiting and shouting is', () => {
    expect(detectUpset('Ich warte seit Wochen auf meinen Pass', 'de')).toMatchObject({ upset: false, score: 0.5 });
    expect(detectUpset('ICH WARTE SEIT WOCHEN AUF MEINEN PASS!!!', 'de')).toMatchObject({
      upset: true,
      signals: ['waiting', 'exclamations', 'shouting'],
    });
  });

  it('does not count friendly shouting', () => {
    expect(detectUpset('GUTE ARBEIT!!!', 'de')).toMatchObject({ upset: false, score: 0 });
  });

  it('counts anger at a neighbour reported to the town only half', () => {
    expect(detectUpset('Der Lärm der Baustelle ist eine Zumutung', 'de').upset).toBe(true);
    expect(detectUpset('Mein Nachbar ist unverschämt laut, wo kann ich das melden?', 'de')).toMatchObject({
      upset: false,
      score: 0.5,
    });
  });
});

describe('detectUpset on ordinary traffic', () => {
  /** Every question of ../shared/eval/*.tsv and the MASSIVE sample: citizens' questions and smart-speaker commands. */
  const questions = [
    ...readdirSync(evalDir)
      .filter((name) => name.endsWith('.tsv'))
      .flatMap((name) => readQuestionFile(readFileSync(join(evalDir, name), 'utf8'), name)),
    ...readQuestionFile(readFileSync(massive, 'utf8'), massive),
  ];

  it('flags at most 0.5 % as upset', () => {
    expect(questions.length).toBeGreaterThan(1000);
    const flagged = questions.filter((q) => detectUpset(q.text, q.lang ?? 'de').upset).map((q) => q.text);
    expect(flagged.length / questions.length, `flagged: ${flagged.join(' | ')}`).toBeLessThanOrEqual(0.005);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupQuestions, type QuestionFeatures } from '../../../src/editor/inbox/groupQuestions.js';
import { questionFeatures } from '../../../src/editor/inbox/questionFeatures.js';
import type { InboxEntry } from '../../../src/editor/types.js';
import { Understanding } from '../../../src/nlu/Understanding.js';
import { type TemplateStorage, templateStorage } from './templateStorage.js';

let data: TemplateStorage;
let understanding: Understanding;
let features: QuestionFeatures;

beforeAll(async () => {
  data = await templateStorage();
  understanding = new Understanding(data.model, data.services);
  features = questionFeatures(data.model);
});
afterAll(() => data.dispose());

let sequence = 0;
/** An open entry as the recorder would store it, with the live model's reading. */
function entry(text: string, lang: 'de' | 'en' = 'de', reason: InboxEntry['reason'] = 'out_of_scope'): InboxEntry {
  const result = understanding.parse(text, { lang });
  sequence++;
  return {
    id: `e${sequence}`,
    at: new Date(Date.UTC(2026, 0, 1, 8, 0, sequence)).toISOString(),
    lang,
    text,
    reason,
    intent: result.intent,
    score: result.score,
    status: 'open',
  };
}

describe('groupQuestions', () => {
  it('puts rephrasings of one need together, repeats as one line, biggest group first', () => {
    const entries = [
      entry('Anwohnerparken beantragen'),
      entry('Bewohnerparkausweis beantragen'),
      entry('Anwohnerparkausweis beantragen'),
      entry('anwohnerparken beantragen!'),
      entry('Wann spielt der FC Bayern?'),
      entry('Wie wird das Wetter morgen?'),
      entry('Wird das Wetter morgen gut?'),
      entry('How do I get a residents parking permit?', 'en'),
    ];
    const groups = groupQuestions(entries, { features });
    const parking = groups.find((group) => group.lines.some((line) => line.text === 'Anwohnerparken beantragen'));
    expect(parking).toMatchObject({
      id: 'e1',
      lang: 'de',
      label: 'Anwohnerparken beantragen',
      suggestedIntent: 'service.bewohnerparkausweis',
      reasons: { out_of_scope: 4, low_confidence: 0, ambiguous: 0, handover: 0 },
    });
    expect(parking?.count).toBe(4);
    expect(parking?.lines[0]).toEqual({ text: 'Anwohnerparken beantragen', count: 2 });
    expect(groups[0]).toBe(parking);
    const weather = groups.find((group) => group.label.startsWith('Wie wird das Wetter'));
    expect(weather?.count).toBe(2);
    expect(weather?.suggestedIntent).toBeUndefined();
    // Never across languages.
    expect(groups.find((group) => group.lang === 'en')?.count).toBe(1);
    expect(groups.reduce((sum, group) => sum + group.count, 0)).toBe(entries.length);
  });

  it('keeps MASSIVE groups mostly pure and stays fast for a few thousand entries', () => {
    const massive = readFileSync(
      join(import.meta.dirname, '../../../../shared/data/massive-de-DE-dev-even.jsonl'),
      'utf8',
    )
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { utt: string; intent: string });
    const label = new Map<string, string>();
    const entries = [0, 1, 2].flatMap((round) =>
      massive.map(({ utt, intent }, i) => {
        const made = entry(round === 0 ? utt : `${utt} ${['bitte', 'jetzt', 'mal'][i % 3]}`.repeat(1));
        label.set(made.id, intent);
        return made;
      }),
    );
    const started = performance.now();
    const groups = groupQuestions(entries, { features });
    const ms = performance.now() - started;
    let together = 0;
    let sameLabel = 0;
    for (const group of groups) {
      const counts = new Map<string, number>();
      for (const id of group.entryIds) counts.set(label.get(id) ?? '', (counts.get(label.get(id) ?? '') ?? 0) + 1);
      together += (group.count * (group.count - 1)) / 2;
      for (const count of counts.values()) sameLabel += (count * (count - 1)) / 2;
    }
    console.info(`grouped ${entries.length} entries into ${groups.length} groups in ${ms.toFixed(0)} ms`);
    expect(sameLabel / together).toBeGreaterThan(0.6);
    expect(ms).toBeLessThan(5000);
  });
});

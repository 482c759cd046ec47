import { describe, expect, it } from 'vitest';
import { readQuestionFile } from '../../../src/nlu/evaluation/readQuestionFile.js';

describe('readQuestionFile', () => {
  it('reads lang, question and comma-separated ids, with None or no ids for out-of-scope lines', () => {
    const file = [
      '# lang\tquestion\tacceptable catalogue ids',
      'de\tWie beantrage ich einen Bewohnerparkausweis?\tbewohnerparkausweis',
      'en\tI lost my passport\treisepass, kinderreisepass',
      '',
      '# out of scope',
      'de\tWie wird das Wetter?\tNone',
      'en\tTell me a joke\t',
      'de\tSpiel Musik',
    ].join('\n');
    expect(readQuestionFile(file, 'dev.tsv')).toEqual([
      { line: 2, lang: 'de', text: 'Wie beantrage ich einen Bewohnerparkausweis?', expected: ['bewohnerparkausweis'] },
      { line: 3, lang: 'en', text: 'I lost my passport', expected: ['reisepass', 'kinderreisepass'] },
      { line: 6, lang: 'de', text: 'Wie wird das Wetter?', expected: [] },
      { line: 7, lang: 'en', text: 'Tell me a joke', expected: [] },
      { line: 8, lang: 'de', text: 'Spiel Musik', expected: [] },
    ]);
  });

  it('reads question and ids without a language column, with Windows line ends', () => {
    const file = '# question\tacceptable DLDB ids\r\nPersonalausweis beantragen\t1063441,10431906\r\nWetter?\tNone\r\n';
    expect(readQuestionFile(file, 'munich-dev.tsv')).toEqual([
      { line: 2, lang: null, text: 'Personalausweis beantragen', expected: ['1063441', '10431906'] },
      { line: 3, lang: null, text: 'Wetter?', expected: [] },
    ]);
  });

  it('reads a MASSIVE jsonl file as out-of-scope questions in the language of their locale', () => {
    const file = [
      JSON.stringify({ id: 1, locale: 'de-DE', intent: 'iot_hue_lightoff', utt: 'schalte bitte die lichter aus' }),
      JSON.stringify({ utt: 'wake me up at nine' }),
    ].join('\n');
    expect(readQuestionFile(`${file}\n`, 'massive.jsonl')).toEqual([
      { line: 1, lang: 'de', text: 'schalte bitte die lichter aus', expected: [] },
      { line: 2, lang: null, text: 'wake me up at nine', expected: [] },
    ]);
  });

  it('fails with every bad line at once', () => {
    const file = ['# lang\tquestion\tids', 'fr\tBonjour\tgreeting', 'de\t\tx', 'de\ta\tb\tc', 'de\tok\tNone,x'].join(
      '\n',
    );
    const error = (() => {
      try {
        readQuestionFile(file, 'bad.tsv');
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    })();
    expect(error).toMatch(/^bad\.tsv: invalid question file/);
    expect(error).toMatch(/line 2: unknown language "fr"/);
    expect(error).toMatch(/line 3: the question is empty/);
    expect(error).toMatch(/line 4: expected lang, question and ids/);
    expect(error).toMatch(/line 5: None cannot be combined/);
    expect(() => readQuestionFile('{"utt": 1}\nnot json', 'x.jsonl')).toThrow(
      /line 1: .*utt[\s\S]*line 2: not valid JSON/,
    );
    expect(() => readQuestionFile('# lang\tquestion\tids\n', 'empty.tsv')).toThrow(/no questions/);
  });
});

import { normaliseText } from '../../nlu/normaliseText.js';

/** Lower case with umlauts and ß folded, as the NLU reads text, for matching answers against labels and keywords. */
export function foldText(text: string): string {
  return normaliseText(text).trim();
}

import type { Language } from '../catalogue/schema.js';
import { normaliseText } from '../nlu/normaliseText.js';
import { sentimentScore } from './sentimentScore.js';
import { UPSET_LEXICON, WEAK } from './upsetLexicon.js';

/** How upset a citizen's message reads. */
export interface UpsetReading {
  /** Clearly upset: the evidence reaches `UPSET_THRESHOLD`, so the conversation should go to a person. */
  upset: boolean;
  /** Points of evidence: 1 for a strong marker ("Frechheit", an insult), 0.5 for a weak cue; 0 for none. */
  score: number;
  /** What counted, e.g. `anger:frechheit`, `waiting`, `shouting`, `sentiment:-0.78`: for logs and agents. */
  signals: string[];
}

export const UPSET_THRESHOLD = 1;

/**
 * Reads whether a message is clearly upset, conservatively: one strong marker (anger, an insult, swearing, "mir
 * reicht's") is enough, weak cues (annoyance, waiting for weeks, "!!!", capitals) count only together.
 *
 * NLP.js's sentiment (senticon lexicons) alone was too weak for this: "Saftladen" and "Wollt ihr mich verarschen?"
 * score neutral, "this is a joke" positive, "Mein Hund ist tot, wie melde ich ihn ab?" negative. So it only raises a
 * weak marker in a clearly negative message and keeps friendly shouting ("GUTE ARBEIT!!!") from counting.
 * Complaints as a service ("Wo kann ich mich beschweren?", "Lärmbelästigung melden") and mild disappointment
 * ("schade", "leider") carry no marker; anger at a neighbour reported to the town counts half. Both languages'
 * markers apply whatever `lang` says (short angry messages are easily taken for the other language); `lang` picks the
 * sentiment lexicon.
 */
export function detectUpset(text: string, lang: Language): UpsetReading {
  const folded = normaliseText(text);
  const signals: string[] = [];
  let markers = 0;
  let strongest = 0;
  // Most messages carry no marker: one pass of all of them together rules that out before each is looked for.
  const markerList = ANY_MARKER.test(folded) ? UPSET_LEXICON.markers : [];
  for (const { pattern, weight, kind, negatable } of markerList) {
    for (const match of folded.matchAll(pattern)) {
      if (negatable && isNegated(folded, match.index)) continue;
      signals.push(`${kind}:${match[0]}`);
      markers += weight;
      strongest = Math.max(strongest, weight);
    }
  }
  let cues = 0;
  const cue = (signal: string) => {
    signals.push(signal);
    cues += WEAK;
  };
  if (UPSET_LEXICON.waiting.some((pattern) => pattern.test(folded))) cue('waiting');
  // The sentiment (NLP.js: tokenising and stemming) is worked out only where it can change the reading.
  let sentiment: number | undefined;
  const sentimentOf = () => {
    sentiment ??= sentimentScore(text, lang);
    return sentiment;
  };
  const exclamations = EXCLAMATIONS.test(text);
  const shouting = isShouting(text);
  if ((exclamations || shouting) && (markers > 0 || !isFriendly(folded, sentimentOf))) {
    if (exclamations) cue('exclamations');
    if (shouting) cue('shouting');
  }
  // "peinlich" alone is annoyance; "Das ist peinlich und schlecht organisiert" is more.
  if (strongest === WEAK && sentimentOf() <= NEGATIVE_SENTIMENT) cue(`sentiment:${sentimentOf().toFixed(2)}`);
  if (markers > 0 && UPSET_LEXICON.atUs.test(folded)) cue('at-us');
  let score = markers + cues;
  if (UPSET_LEXICON.thirdParty.test(folded) && UPSET_LEXICON.reporting.test(folded)) {
    signals.push('reporting-third-party');
    score /= 2;
  }
  score = Math.round(score * 100) / 100;
  return { upset: score >= UPSET_THRESHOLD, score, signals };
}

/** Every marker's pattern in one: whether any of them occurs (no `g`, so `test` keeps no position). */
const ANY_MARKER = new RegExp(UPSET_LEXICON.markers.map(({ pattern }) => `(?:${pattern.source})`).join('|'));

/** Thanks and praise, or a friendly sentiment: loud but not upset ("GUTE ARBEIT!!!"). */
function isFriendly(folded: string, sentiment: () => number): boolean {
  return UPSET_LEXICON.friendly.test(folded) || sentiment() > FRIENDLY_SENTIMENT;
}

/** NLP.js sentiment from which a message reads friendly: "gute Arbeit" scores 0.37, "Problem mit dem Ausweis" -0.39. */
const FRIENDLY_SENTIMENT = 0.3;
/** …and at or below which a weak marker counts as much as a strong one ("schlecht" alone is -0.77). */
const NEGATIVE_SENTIMENT = -0.5;

/** "!!", "?!", "!?", "???" and longer runs. */
const EXCLAMATIONS = /!{2,}|\?!|!\?|\?{3,}/;

/** Written in capitals: at least two capitalised words of three letters or more, most letters upper case. */
function isShouting(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  const upper = text.match(/\p{Lu}/gu) ?? [];
  const capitalWords = text.match(/\b\p{Lu}{3,}\b/gu) ?? [];
  return letters.length >= 10 && capitalWords.length >= 2 && upper.length / letters.length >= 0.7;
}

const NEGATIONS = new Set([
  'nicht',
  'kein',
  'keine',
  'keinen',
  'keinem',
  'keiner',
  'nie',
  'niemals',
  'not',
  'no',
  'never',
  'nt',
]);

/** A negation among the three words before `index`, in the same clause: "nicht sauer", "not angry", "isn't useless". */
function isNegated(folded: string, index: number): boolean {
  const clause =
    folded
      .slice(Math.max(0, index - 40), index)
      .split(/[.,;:!?]/)
      .pop() ?? '';
  const before = clause.replace(/n['’]t\b/g, ' nt').match(/[a-z]+/g) ?? [];
  return before.slice(-3).some((word) => NEGATIONS.has(word));
}

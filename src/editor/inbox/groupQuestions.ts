import type { Language } from '../../catalogue/schema.js';
import { NONE_INTENT } from '../../nlu/trainingSet.js';
import { type InboxEntry, type InboxGroup, InboxReason } from '../types.js';

/** A question's features as the bot sees them (stems, compound parts, synonyms), function words left out. */
export type QuestionFeatures = (text: string, lang: Language) => Record<string, number>;

export interface GroupingOptions {
  features: QuestionFeatures;
  /** Cosine similarity from which a question joins a group; default `SIMILARITY`. */
  similarity?: number;
}

/**
 * A question joins the most similar group when the cosine between its features and the group's summed features
 * reaches this. Measured with the live model's featurizer on questions with known labels, clustered as the inbox
 * would (pairwise precision: of two questions put together, how often they share a label; in groups: the share of
 * questions in a group of two or more):
 *
 * | threshold | MASSIVE (1,017, 59 labels): precision / in groups | corpora (2,067, 168 intents): precision / in groups |
 * | --- | --- | --- |
 * | 0.4 | 0.39 / 72 % | 0.72 / 76 % |
 * | 0.5 | 0.62 / 44 % | 0.82 / 62 % |
 * | 0.6 | 0.80 / 27 % | 0.91 / 51 % |
 * | 0.7 | 0.86 / 16 % | 0.95 / 42 % |
 *
 * Assigning a group makes all its lines training utterances of one intent, so a mixed group does harm: 0.6 is the
 * lowest threshold at which four in five pairs belong together on traffic the bot does not know.
 */
export const SIMILARITY = 0.6;
/**
 * A question the live model put on the same intent as most of a group is that much closer: the model's hint that they
 * belong together. On the corpora 0.2 rather than 0.1 raised precision at 0.6 from 0.88 to 0.91 and the share in groups
 * from 43 % to 51 % (MASSIVE, all None, is not affected).
 */
const SAME_INTENT_BONUS = 0.2;

interface Line {
  key: string;
  text: string;
  lang: Language;
  entries: InboxEntry[];
  vector: Map<string, number>;
  norm: number;
  intent: string;
}

interface Cluster {
  lines: Line[];
  centroid: Map<string, number>;
  norm: number;
  intents: Map<string, number>;
}

/**
 * Open inbox entries grouped by similarity, biggest groups first. Exact repeats (case, spacing and final punctuation
 * aside) are one line; lines are placed greedily, the most asked first, into the group whose summed features are
 * closest, else they start a group. Only groups sharing a feature with a line are compared (an inverted index), so a
 * few thousand entries take a fraction of a second.
 */
export function groupQuestions(entries: readonly InboxEntry[], options: GroupingOptions): InboxGroup[] {
  const threshold = options.similarity ?? SIMILARITY;
  const lines = linesOf(entries, options.features);
  const groups: InboxGroup[] = [];
  for (const lang of new Set(lines.map((line) => line.lang))) {
    const clusters: Cluster[] = [];
    const index = new Map<string, Set<number>>();
    for (const line of lines.filter((l) => l.lang === lang)) {
      const best = closest(line, clusters, index);
      if (best && best.similarity >= threshold) {
        join(clusters[best.at] as Cluster, line, best.at, index);
      } else {
        clusters.push({ lines: [], centroid: new Map(), norm: 0, intents: new Map() });
        join(clusters[clusters.length - 1] as Cluster, line, clusters.length - 1, index);
      }
    }
    groups.push(...clusters.map(toGroup));
  }
  return groups.sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt) || a.id.localeCompare(b.id));
}

function linesOf(entries: readonly InboxEntry[], features: QuestionFeatures): Line[] {
  const byKey = new Map<string, Line>();
  for (const entry of entries) {
    const key = `${entry.lang}:${lineKey(entry.text)}`;
    const line = byKey.get(key);
    if (line) {
      line.entries.push(entry);
      continue;
    }
    const vector = new Map(Object.entries(features(entry.text.replace(PLACEHOLDER, ' '), entry.lang)));
    byKey.set(key, {
      key,
      text: entry.text,
      lang: entry.lang,
      entries: [entry],
      vector,
      norm: norm(vector),
      intent: '',
    });
  }
  const lines = [...byKey.values()];
  for (const line of lines) line.intent = mostCommon(line.entries.map((entry) => entry.intent)) ?? NONE_INTENT;
  // Most asked first, then oldest: the seeds of groups are the typical questions, and the order is stable.
  return lines.sort(
    (a, b) => b.entries.length - a.entries.length || firstAt(a).localeCompare(firstAt(b)) || a.key.localeCompare(b.key),
  );
}

const PLACEHOLDER = /\[(?:NAME|E-MAIL|TELEFON|IBAN|ADRESSE|KENNZEICHEN|DATUM|NUMMER)\]/g;

function lineKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?¿¡,;:]+$/u, '')
    .trim();
}

function closest(
  line: Line,
  clusters: Cluster[],
  index: Map<string, Set<number>>,
): { at: number; similarity: number } | undefined {
  const candidates = new Set<number>();
  for (const feature of line.vector.keys()) for (const at of index.get(feature) ?? []) candidates.add(at);
  let best: { at: number; similarity: number } | undefined;
  for (const at of candidates) {
    const cluster = clusters[at] as Cluster;
    let dot = 0;
    for (const [feature, weight] of line.vector) dot += weight * (cluster.centroid.get(feature) ?? 0);
    const cosine = line.norm && cluster.norm ? dot / (line.norm * cluster.norm) : 0;
    const hint = line.intent !== NONE_INTENT && mostCommon(cluster.intents) === line.intent ? SAME_INTENT_BONUS : 0;
    const similarity = cosine > 0 ? cosine + hint : 0;
    if (!best || similarity > best.similarity) best = { at, similarity };
  }
  return best;
}

function join(cluster: Cluster, line: Line, at: number, index: Map<string, Set<number>>): void {
  cluster.lines.push(line);
  // Weighted by how often the line was asked: the group's centre is where most of its questions are.
  for (const [feature, weight] of line.vector) {
    cluster.centroid.set(feature, (cluster.centroid.get(feature) ?? 0) + weight * line.entries.length);
    const holders = index.get(feature) ?? new Set<number>();
    holders.add(at);
    index.set(feature, holders);
  }
  cluster.norm = norm(cluster.centroid);
  cluster.intents.set(line.intent, (cluster.intents.get(line.intent) ?? 0) + line.entries.length);
}

function toGroup(cluster: Cluster): InboxGroup {
  const entries = cluster.lines.flatMap((line) => line.entries);
  const times = entries.map((entry) => entry.at).sort();
  const first = [...entries].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))[0] as InboxEntry;
  const reasons = Object.fromEntries(InboxReason.options.map((reason) => [reason, 0])) as Record<InboxReason, number>;
  for (const entry of entries) reasons[entry.reason]++;
  const lines = [...cluster.lines]
    .sort((a, b) => b.entries.length - a.entries.length)
    .map((line) => ({ text: line.text, count: line.entries.length }));
  const suggested = mostCommon(entries.map((entry) => entry.intent));
  return {
    id: first.id,
    lang: first.lang,
    label: lines[0]?.text ?? first.text,
    count: entries.length,
    lines,
    entryIds: entries.map((entry) => entry.id),
    reasons,
    ...(suggested !== undefined && suggested !== NONE_INTENT ? { suggestedIntent: suggested } : {}),
    firstAt: times[0] ?? first.at,
    lastAt: times[times.length - 1] ?? first.at,
  };
}

/** The most frequent value (the first seen among equals). */
function mostCommon(values: Iterable<string> | Map<string, number>): string | undefined {
  const counts = values instanceof Map ? values : new Map<string, number>();
  if (!(values instanceof Map)) for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | undefined;
  let most = 0;
  for (const [value, count] of counts) {
    if (count > most) {
      best = value;
      most = count;
    }
  }
  return best;
}

function norm(vector: Map<string, number>): number {
  let sum = 0;
  for (const weight of vector.values()) sum += weight * weight;
  return Math.sqrt(sum);
}

function firstAt(line: Line): string {
  return line.entries.map((entry) => entry.at).sort()[0] ?? '';
}

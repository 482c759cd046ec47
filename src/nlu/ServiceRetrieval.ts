import { type Language, type LocalizedText, localize, type Service } from '../catalogue/schema.js';
import { inSlices } from './inSlices.js';

/** A service's retrieval score for one message: higher is better; comparable only within one message. */
export interface Retrieved {
  id: string;
  score: number;
}

/** Turns a text into its content terms (stems, compound parts, synonym groups); see `TextFeaturizer.terms`. */
export type Terms = (text: string, correct: boolean) => string[];

/**
 * Okapi BM25 over each catalogue entry's own texts: its title, synonyms, summary and full description. The intent
 * classifier learns a service from a handful of short utterances (the title, the synonyms, templates, the summary's
 * first sentences, what editors wrote); a citizen who describes their situation ("Mein Mercedes wird 30, wie bekomme
 * ich ein H-Kennzeichen?") often uses words that only the description has. Retrieval reads those, so it can tell
 * which of the services the classifier found likely is meant (`Understanding.reranked`), and which one a message the
 * classifier turned away may be about, when they point to it clearly (`Understanding.retrievedInstead`).
 *
 * Title and synonyms count several times over (`FIELD_REPEATS`): they name the service, the description also talks
 * of others ("… sonst beantragen Sie einen Reisepass").
 */
export class ServiceRetrieval {
  /** While adding: each term's entries and how often it occurs in each. */
  private readonly counts = new Map<string, { document: number; count: number }[]>();
  private readonly ids: string[] = [];
  private readonly lengths: number[] = [];
  /**
   * Once built: each term's entries and its whole BM25 weight in each (idf times the saturated, length-normalised
   * term frequency), so that ranking is additions alone: it runs for every message the classifier answers with a
   * service or turns away, most of a server's traffic.
   */
  private postings = new Map<string, { documents: Uint32Array; weights: Float64Array }>();
  /** Scratch scores per entry, zero between calls to `rank`. */
  private scores = new Float64Array(0);

  private constructor(
    private readonly lang: Language,
    private readonly terms: Terms,
  ) {}

  static build(services: Iterable<Service>, lang: Language, terms: Terms): ServiceRetrieval {
    const retrieval = new ServiceRetrieval(lang, terms);
    for (const service of services) retrieval.add(service);
    return retrieval.finish();
  }

  /**
   * As `build`, in slices with the event loop running in between: a city's catalogue of hundreds of entries takes a
   * tenth of a second, which a server swapping in a new version must not spend in one block.
   */
  static async load(
    services: Iterable<Service>,
    lang: Language,
    terms: Terms,
    yieldToEventLoop: () => Promise<void>,
  ): Promise<ServiceRetrieval> {
    const retrieval = new ServiceRetrieval(lang, terms);
    await inSlices(services, (service) => retrieval.add(service), yieldToEventLoop);
    return retrieval.finish();
  }

  private add(service: Service): void {
    const document = this.ids.length;
    const counts = new Map<string, number>();
    let length = 0;
    for (const [text, repeats] of fieldsOf(service, this.lang)) {
      for (const term of this.terms(text, false)) {
        counts.set(term, (counts.get(term) ?? 0) + repeats);
        length += repeats;
      }
    }
    for (const [term, count] of counts) {
      const list = this.counts.get(term);
      if (list) list.push({ document, count });
      else this.counts.set(term, [{ document, count }]);
    }
    this.ids.push(service.id);
    this.lengths.push(length);
  }

  private finish(): this {
    const documents = this.ids.length;
    const averageLength = this.lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, documents);
    for (const [term, list] of this.counts) {
      const idf = Math.log(1 + (documents - list.length + 0.5) / (list.length + 0.5));
      const weights = list.map(({ document, count }) => {
        const norm = 1 - B + (B * (this.lengths[document] ?? 0)) / averageLength;
        return (idf * count * (K1 + 1)) / (count + K1 * norm);
      });
      this.postings.set(term, {
        documents: Uint32Array.from(list, ({ document }) => document),
        weights: Float64Array.from(weights),
      });
    }
    this.counts.clear();
    this.scores = new Float64Array(documents);
    return this;
  }

  /** The services sharing terms with `queryTerms` (each counted once), best first, at most `limit`. */
  rank(queryTerms: readonly string[], limit: number): Retrieved[] {
    const { scores, ids } = this;
    const touched: number[] = [];
    for (const term of new Set(queryTerms)) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const { documents, weights } = posting;
      for (let i = 0; i < documents.length; i++) {
        const document = documents[i] as number;
        if (scores[document] === 0) touched.push(document);
        scores[document] = (scores[document] as number) + (weights[i] as number);
      }
    }
    // The best `limit` kept in order as they come (a few of a few hundred), ties by id.
    const best: Retrieved[] = [];
    for (const document of touched) {
      const candidate = { id: ids[document] as string, score: scores[document] as number };
      scores[document] = 0;
      let at = best.length;
      while (at > 0 && before(candidate, best[at - 1] as Retrieved)) at--;
      if (at < limit) {
        best.splice(at, 0, candidate);
        if (best.length > limit) best.pop();
      }
    }
    return best;
  }
}

function before(a: Retrieved, b: Retrieved): boolean {
  return a.score > b.score || (a.score === b.score && a.id.localeCompare(b.id) < 0);
}

/** BM25's usual parameters: term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;

/** How often each field of an entry counts. */
const FIELD_REPEATS = { title: 3, synonyms: 2, summary: 1, description: 1 } as const;

function fieldsOf(service: Service, lang: Language): [string, number][] {
  const text = (field: LocalizedText | undefined) => (field ? localize(field, lang) : '');
  // As `localize` does for the texts: English where there is any, else German.
  const synonyms = (lang === 'en' && service.synonyms.en.length > 0 ? service.synonyms.en : service.synonyms.de).join(
    ' ',
  );
  return [
    [text(service.title), FIELD_REPEATS.title],
    [synonyms, FIELD_REPEATS.synonyms],
    [text(service.summary), FIELD_REPEATS.summary],
    [text(service.description), FIELD_REPEATS.description],
  ];
}

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
 * which of the services the classifier found likely is meant (see `Understanding`, "reranking").
 *
 * Title and synonyms count several times over (`FIELD_REPEATS`): they name the service, the description also talks
 * of others ("… sonst beantragen Sie einen Reisepass").
 */
export class ServiceRetrieval {
  private readonly postings = new Map<string, { id: string; count: number }[]>();
  private readonly lengths = new Map<string, number>();
  private totalLength = 0;

  private constructor(
    private readonly lang: Language,
    private readonly terms: Terms,
  ) {}

  static build(services: Iterable<Service>, lang: Language, terms: Terms): ServiceRetrieval {
    const retrieval = new ServiceRetrieval(lang, terms);
    for (const service of services) retrieval.add(service);
    return retrieval;
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
    return retrieval;
  }

  private add(service: Service): void {
    const counts = new Map<string, number>();
    let length = 0;
    for (const [text, repeats] of fieldsOf(service, this.lang)) {
      for (const term of this.terms(text, false)) {
        counts.set(term, (counts.get(term) ?? 0) + repeats);
        length += repeats;
      }
    }
    for (const [term, count] of counts) {
      const list = this.postings.get(term);
      if (list) list.push({ id: service.id, count });
      else this.postings.set(term, [{ id: service.id, count }]);
    }
    this.lengths.set(service.id, length);
    this.totalLength += length;
  }

  /** The services sharing terms with `queryTerms` (each counted once), best first, at most `limit`. */
  rank(queryTerms: readonly string[], limit: number): Retrieved[] {
    const documents = this.lengths.size;
    const averageLength = this.totalLength / documents;
    const scores = new Map<string, number>();
    for (const term of new Set(queryTerms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (documents - list.length + 0.5) / (list.length + 0.5));
      for (const { id, count } of list) {
        const norm = 1 - B + (B * (this.lengths.get(id) ?? 0)) / averageLength;
        scores.set(id, (scores.get(id) ?? 0) + (idf * count * (K1 + 1)) / (count + K1 * norm));
      }
    }
    return [...scores]
      .map(([id, score]) => ({ id, score }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, limit);
  }
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

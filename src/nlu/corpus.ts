import { z } from 'zod';
import { Language } from '../catalogue/schema.js';
import { EntityDefinitions } from './namedEntities.js';

/** Intents whose name starts with this prefix answer with the catalogue entry named after it. */
export const SERVICE_INTENT_PREFIX = 'service.';

export function serviceIntent(serviceId: string): string {
  return `${SERVICE_INTENT_PREFIX}${serviceId}`;
}

export function serviceIdOf(intent: string): string | undefined {
  return intent.startsWith(SERVICE_INTENT_PREFIX) ? intent.slice(SERVICE_INTENT_PREFIX.length) : undefined;
}

export const CorpusIntent = z.object({
  intent: z.string().regex(/^[a-zA-Z][\w.-]*$/, 'intent names are letters, digits, dots, dashes'),
  utterances: z.array(z.string().min(1)).default([]),
  answers: z.array(z.string().min(1)).default([]),
});
export type CorpusIntent = z.infer<typeof CorpusIntent>;

/**
 * A training corpus in NLP.js corpus format (`name`, `locale`, `data: [{intent, utterances, answers}]`, optionally
 * `entities`), one file per language and topic under `intents/<lang>/`. `version` is ours; NLP.js ignores unknown
 * keys. `entities` are named entities (`src/nlu/namedEntities.ts`) that utterances reference as `@name`.
 */
export const Corpus = z.object({
  version: z.literal(1).default(1),
  name: z.string().min(1),
  locale: z.string().transform((locale, ctx) => {
    const lang = Language.safeParse(locale.slice(0, 2).toLowerCase());
    if (!lang.success) {
      ctx.addIssue({ code: 'custom', message: `unsupported locale ${locale}` });
      return z.NEVER;
    }
    return lang.data;
  }),
  data: z.array(CorpusIntent),
  entities: EntityDefinitions.optional(),
});
export type Corpus = z.infer<typeof Corpus>;

import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';
import { CorpusIntent } from '../../nlu/corpus.js';
import { EntityName, RegexEntityDefinition } from '../../nlu/namedEntities.js';

/** How an intent answers: from its catalogue entry (`service.<id>`), out of scope (`None`), or with its own answers. */
export const IntentKind = z.enum(['service', 'conversation', 'none']);
export type IntentKind = z.infer<typeof IntentKind>;

/** A name as the corpus files allow it. */
export const IntentName = CorpusIntent.shape.intent;

/** A form dialog as the workbench shows it: its main catalogue entry, and all entries it applies for. */
export const DialogRef = z
  .object({
    id: z.string(),
    title: z.string(),
    serviceId: z.string(),
    /** Every entry it applies for (e.g. birth, marriage and death certificates); `[serviceId]` when missing. */
    services: z.array(z.string()).optional(),
  })
  .meta({ id: 'Dialog' });
export type DialogRef = z.infer<typeof DialogRef>;

const PerLanguage = <T extends z.ZodType>(item: T) => z.object({ de: item, en: item });

/**
 * Where an intent is, seen from a municipality's own layer (docs/tenants.md): in the shared layer only, in its own
 * only, or in both (a shared intent refined locally).
 */
export const ContentLayer = z.enum(['shared', 'own', 'both']);
export type ContentLayer = z.infer<typeof ContentLayer>;

/** One intent across both languages, as editors see and change it. */
export const EditorIntent = z
  .object({
    name: IntentName,
    kind: IntentKind,
    /** For service intents: the catalogue entry they answer with. */
    serviceId: z.string().optional(),
    /** The form dialog that applies for that entry (read-only: dialogs name their service in `dialogs/*.yaml`). */
    dialog: z.object({ id: z.string(), title: z.string() }).optional(),
    utterances: PerLanguage(z.array(z.string())),
    answers: PerLanguage(z.array(z.string())),
    /** The named entities (`@name`) its utterances use, in either language (read-only); missing when none. */
    entities: z.array(z.string()).optional(),
    /** In a municipality's layer only: where the intent is; `utterances` and `answers` are then its own. */
    layer: ContentLayer.optional(),
    /**
     * In a municipality's layer only, for an intent of the shared layer: the shared utterances and answers (read-only).
     * It is trained on both; it answers with its own answers where it has any.
     */
    shared: z
      .object({ utterances: PerLanguage(z.array(z.string())), answers: PerLanguage(z.array(z.string())) })
      .optional(),
  })
  .meta({ id: 'EditorIntent' });
export type EditorIntent = z.infer<typeof EditorIntent>;

const Text = z.string().trim().min(1).max(500);
const Texts = z.array(Text).max(2000).default([]);

/**
 * What `PUT /api/editor/intents/:name` takes: the intent's utterances and answers in both languages, replacing the
 * stored ones. `name` may be sent (e.g. an `EditorIntent` sent back) but must equal the path's; the derived fields are
 * ignored.
 */
export const EditorIntentInput = z
  .object({
    name: IntentName.optional(),
    utterances: z.object({ de: Texts, en: Texts }),
    answers: z.object({ de: Texts, en: Texts }).default({ de: [], en: [] }),
  })
  .meta({ id: 'EditorIntentInput' });
export type EditorIntentInput = z.infer<typeof EditorIntentInput>;

/** An intent in the list: what it is and how much training it has per language. */
export const IntentSummary = z
  .object({
    name: z.string(),
    kind: IntentKind,
    serviceId: z.string().optional(),
    /** The catalogue entry's German title, for service intents whose entry exists. */
    title: z.string().optional(),
    dialogId: z.string().optional(),
    /** In a municipality's layer, counted over the shared and its own (what it is trained on). */
    utterances: PerLanguage(z.number().int()),
    answers: PerLanguage(z.number().int()),
    /** In a municipality's layer only: where the intent is. */
    layer: ContentLayer.optional(),
  })
  .meta({ id: 'IntentSummary' });
export type IntentSummary = z.infer<typeof IntentSummary>;

const OptionText = z.string().trim().min(1).max(100);

/** An option of an enum entity: the value it stands for and the words that name it. */
export const EntityOption = z.object({
  value: OptionText,
  /** The first is what training puts in for `@name`; without synonyms, the value is. */
  synonyms: z.array(OptionText).max(100).default([]),
});

/**
 * What `PUT /api/editor/entities/:lang/:name` takes: the options of an enum entity (values distinct) or the pattern
 * of a regex entity (`"AZ-\\d{4}"` or NLP.js's `"/AZ-\\d{4}/i"`; flags `i` and `u` only).
 */
export const NamedEntityInput = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('enum'), options: z.array(EntityOption).min(1).max(500) }),
    z.object({ type: z.literal('regex'), regex: RegexEntityDefinition.shape.regex }),
  ])
  .meta({ id: 'NamedEntityInput' });
export type NamedEntityInput = z.infer<typeof NamedEntityInput>;

/** A named entity of one language, where it is defined, and which intents' utterances use it. */
export const NamedEntity = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('enum'),
      name: EntityName,
      lang: Language,
      file: z.string(),
      options: z.array(z.object({ value: z.string(), synonyms: z.array(z.string()) })),
      usedBy: z.array(z.string()),
    }),
    z.object({
      type: z.literal('regex'),
      name: EntityName,
      lang: Language,
      file: z.string(),
      regex: z.string(),
      usedBy: z.array(z.string()),
    }),
  ])
  .meta({ id: 'NamedEntity' });
export type NamedEntity = z.infer<typeof NamedEntity>;

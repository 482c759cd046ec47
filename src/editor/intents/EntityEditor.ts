import type { Language } from '../../catalogue/schema.js';
import { type EntityDefinition, entityReferences, mergeEntities } from '../../nlu/namedEntities.js';
import type { CorpusFile, IntentRepository } from '../../storage/repositories.js';
import type { MunicipalityLayer } from '../../tenants/tenantContent.js';
import { kindFile } from './placeIntent.js';
import type { NamedEntity, NamedEntityInput } from './schemas.js';

const LANGUAGES: readonly Language[] = ['de', 'en'];

export type PutEntityResult =
  | { ok: true; entity: NamedEntity; created: boolean }
  | { ok: false; issues: { path: (string | number)[]; message: string }[] };

/** `in_use`: utterances of these intents still say `@name` (`tenant: intent` for a municipality's own utterances). */
export type DeleteEntityResult = { status: 'deleted' | 'not_found' } | { status: 'in_use'; usedBy: string[] };

/**
 * The draft's named entities (corpus-level `entities` of the corpus files), per language. A new entity goes to the
 * language's conversation corpus; one that exists stays in the file that defines it. Changes are atomic read-modify-
 * write updates of the corpus files, as the intents' are.
 */
export class EntityEditor {
  /**
   * @param municipalities the municipalities' own layers, whose utterances may say `@name` of the shared entities
   *   (which are theirs too): deleting an entity they use is refused as well.
   */
  constructor(
    private readonly intents: IntentRepository,
    private readonly municipalities: () => Promise<Pick<MunicipalityLayer, 'tenantId' | 'intents'>[]> = async () => [],
  ) {}

  async list(filter: { lang?: Language } = {}): Promise<NamedEntity[]> {
    const files = await this.intents.listCorpusFiles();
    const languages = filter.lang ? [filter.lang] : LANGUAGES;
    return languages.flatMap((lang) =>
      Object.keys(entitiesOf(files, lang))
        .sort((a, b) => a.localeCompare(b))
        .flatMap((name) => {
          const entity = describe(files, lang, name);
          return entity ? [entity] : [];
        }),
    );
  }

  async put(lang: Language, name: string, input: NamedEntityInput): Promise<PutEntityResult> {
    let definition: EntityDefinition;
    if (input.type === 'regex') {
      definition = { regex: input.regex };
    } else {
      const options: Record<string, string[]> = {};
      for (const [index, option] of input.options.entries()) {
        if (option.value in options) {
          return { ok: false, issues: [{ path: ['options', index, 'value'], message: `"${option.value}" twice` }] };
        }
        options[option.value] = [...new Set(option.synonyms)];
      }
      definition = { options };
    }
    return this.intents.updateCorpusFiles<PutEntityResult>((files) => {
      const home = homeOf(files, lang, name);
      let updated: CorpusFile[];
      let index: number;
      if (home !== undefined) {
        updated = files;
        index = home;
      } else {
        ({ files: updated, index } = kindFile(files, lang, 'conversation'));
      }
      updated = updated.map((file, at) =>
        at === index
          ? { path: file.path, corpus: { ...file.corpus, entities: { ...file.corpus.entities, [name]: definition } } }
          : file,
      );
      const entity = describe(updated, lang, name);
      if (!entity) throw new Error(`entity ${name} was saved but is not in the corpora`);
      return { files: updated, result: { ok: true, entity, created: home === undefined } };
    });
  }

  /**
   * Removes the entity from every corpus file of the language; refused while utterances reference it, the shared
   * layer's or a municipality's own.
   */
  async delete(lang: Language, name: string): Promise<DeleteEntityResult> {
    const municipal = await Promise.all(
      (await this.municipalities()).map(async ({ tenantId, intents }) =>
        usersOf(await intents.listCorpusFiles(), lang, name).map((intent) => `${tenantId}: ${intent}`),
      ),
    );
    return this.intents.updateCorpusFiles<DeleteEntityResult>((files) => {
      if (homeOf(files, lang, name) === undefined) return { result: { status: 'not_found' } };
      const usedBy = [...usersOf(files, lang, name), ...municipal.flat()];
      if (usedBy.length > 0) return { result: { status: 'in_use', usedBy } };
      const updated = files.map((file): CorpusFile => {
        if (file.corpus.locale !== lang || !file.corpus.entities || !(name in file.corpus.entities)) return file;
        const { [name]: _removed, ...rest } = file.corpus.entities;
        const { entities: _old, ...corpus } = file.corpus;
        return { path: file.path, corpus: Object.keys(rest).length > 0 ? { ...corpus, entities: rest } : corpus };
      });
      return { files: updated, result: { status: 'deleted' } };
    });
  }
}

function entitiesOf(files: readonly CorpusFile[], lang: Language) {
  return mergeEntities(files.filter((file) => file.corpus.locale === lang).map((file) => file.corpus.entities));
}

/** The index of the first corpus file of `lang` defining `name` (the definition that counts). */
function homeOf(files: readonly CorpusFile[], lang: Language, name: string): number | undefined {
  const index = files.findIndex(
    (file) => file.corpus.locale === lang && file.corpus.entities !== undefined && name in file.corpus.entities,
  );
  return index >= 0 ? index : undefined;
}

/** The intents of `lang` whose utterances reference `@name`, by name. */
function usersOf(files: readonly CorpusFile[], lang: Language, name: string): string[] {
  const users = new Set<string>();
  for (const file of files) {
    if (file.corpus.locale !== lang) continue;
    for (const intent of file.corpus.data) {
      if (intent.utterances.some((utterance) => entityReferences(utterance).includes(name))) users.add(intent.intent);
    }
  }
  return [...users].sort((a, b) => a.localeCompare(b));
}

function describe(files: readonly CorpusFile[], lang: Language, name: string): NamedEntity | undefined {
  const home = homeOf(files, lang, name);
  const file = home === undefined ? undefined : files[home];
  const definition = file?.corpus.entities?.[name];
  if (!file || !definition) return undefined;
  const common = { name, lang, file: file.path, usedBy: usersOf(files, lang, name) };
  return 'options' in definition
    ? {
        type: 'enum',
        ...common,
        options: Object.entries(definition.options).map(([value, synonyms]) => ({ value, synonyms })),
      }
    : { type: 'regex', ...common, regex: definition.regex };
}

import type { Language } from '../../catalogue/schema.js';
import { serviceIdOf } from '../../nlu/corpus.js';
import { entityReferences, mergeEntities } from '../../nlu/namedEntities.js';
import { normaliseText as fold } from '../../nlu/normaliseText.js';
import type { CorpusFile, IntentRepository } from '../../storage/repositories.js';
import type { CatalogueView, MunicipalityLayer } from '../../tenants/tenantContent.js';
import { kindOf, placeIntent } from './placeIntent.js';
import {
  type ContentLayer,
  type DialogRef,
  type EditorIntent,
  type EditorIntentInput,
  IntentName,
  type IntentSummary,
} from './schemas.js';

const LANGUAGES: readonly Language[] = ['de', 'en'];

/** Why an intent could not be saved: where in the request and why. */
export interface IntentIssue {
  path: (string | number)[];
  message: string;
}

export type PutIntentResult =
  | { ok: true; intent: EditorIntent; created: boolean; before: EditorIntent | undefined }
  | { ok: false; issues: IntentIssue[] };

/**
 * `required`: `None` carries the out-of-scope examples, without it nothing would ever be declined. `inUse`: a shared
 * intent that these municipalities (tenant ids) have made their own additions to.
 */
export type DeleteIntentResult = 'deleted' | 'not_found' | 'required' | { inUse: string[] };

export interface IntentEditorOptions {
  intents: IntentRepository;
  /** The entries service intents may name: on a municipality's layer, its own over the shared (`layeredCatalogue`). */
  catalogue: CatalogueView;
  /** The loaded form dialogs, to show which dialog serves a service intent's entry. */
  dialogs: readonly DialogRef[];
  /**
   * Set for a municipality's own layer (docs/tenants.md), whose corpora `intents` then are: the shared layer's
   * corpora beneath, which the editor shows with the own ones but never changes.
   */
  shared?: { intents: IntentRepository };
  /**
   * Set for the shared layer: the municipalities' own layers on top of it, whose additions to a shared intent (own
   * utterances, or only own answers) would otherwise be left without it.
   */
  municipalities?: () => Promise<Pick<MunicipalityLayer, 'tenantId' | 'intents'>[]>;
}

const NO_TEXTS = (): EditorIntent['utterances'] => ({ de: [], en: [] });

/**
 * The draft's intents as editors see them: one intent across both languages' corpus files. Changes are read, changed
 * and written back in one atomic update of the corpus files, so two editors saving at once (or an editor and an inbox
 * assignment, in this process or another) do not lose either change.
 *
 * On a municipality's own layer it shows the shared intents and its own together, as its versions are trained: an
 * intent in both is trained on the utterances of both and answers with the own answers where there are any. Only the
 * own utterances and answers are changed; deleting an intent deletes the own part, and the shared one stays.
 */
export class IntentEditor {
  constructor(private readonly options: IntentEditorOptions) {}

  /** Every intent, or those in `lang`, whose name, entry title or utterances contain `q`; ordered by name. */
  async list(filter: { q?: string; lang?: Language } = {}): Promise<IntentSummary[]> {
    const [{ own, shared }, services] = await Promise.all([this.files(), this.options.catalogue.listServices()]);
    const titles = new Map(services.map((service) => [service.id, service.title.de]));
    const query = fold(filter.q?.trim() ?? '');
    const layers = this.options.shared ? layersOf(collect(shared), collect(own)) : undefined;
    const summaries: IntentSummary[] = [];
    for (const intent of collect([...shared, ...own]).values()) {
      const languages = filter.lang ? [filter.lang] : LANGUAGES;
      if (!languages.some((lang) => intent.utterances[lang].length > 0 || intent.answers[lang].length > 0)) continue;
      const title = intent.serviceId === undefined ? undefined : titles.get(intent.serviceId);
      const haystack = [intent.name, title ?? '', ...languages.flatMap((lang) => intent.utterances[lang])];
      if (query && !haystack.some((text) => fold(text).includes(query))) continue;
      summaries.push({
        name: intent.name,
        kind: intent.kind,
        ...(intent.serviceId === undefined ? {} : { serviceId: intent.serviceId }),
        ...(title === undefined ? {} : { title }),
        ...(intent.serviceId === undefined ? {} : { dialogId: this.dialogFor(intent.serviceId)?.id }),
        utterances: { de: intent.utterances.de.length, en: intent.utterances.en.length },
        answers: { de: intent.answers.de.length, en: intent.answers.en.length },
        ...(layers && { layer: layers.get(intent.name) }),
      });
    }
    return summaries.sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<EditorIntent | undefined> {
    const { own, shared } = await this.files();
    return this.view(name, own, shared);
  }

  /**
   * Creates or replaces the intent in both languages (on a municipality's layer: its own part); a new one goes to
   * the corpus file of its kind.
   */
  async put(name: string, input: EditorIntentInput): Promise<PutIntentResult> {
    const shared = (await this.options.shared?.intents.listCorpusFiles()) ?? [];
    const issues = await this.check(name, input, collect(shared).get(name));
    if (issues.length > 0) return { ok: false, issues };
    return this.options.intents.updateCorpusFiles<PutIntentResult>((files) => {
      const before = collect(files).get(name);
      let updated = files;
      for (const lang of LANGUAGES) {
        updated = placeIntent(updated, lang, name, {
          utterances: distinct(input.utterances[lang]),
          answers: distinct(input.answers[lang]),
        });
      }
      const intent = this.view(name, updated, shared);
      if (!intent) throw new Error(`intent ${name} was saved but is not in the corpora`);
      return {
        files: updated,
        result: { ok: true, intent, created: before === undefined, before: this.withDialog(before) },
      };
    });
  }

  /**
   * Deletes the intent (on a municipality's layer: its own part, which a shared `None` also may have). A shared intent
   * that a municipality has added to is kept, and the municipalities named: the data centre and they agree first.
   */
  async delete(name: string): Promise<DeleteIntentResult> {
    if (name === 'None' && !this.options.shared) return 'required';
    const inUse = await this.municipalitiesAddingTo(name);
    return this.options.intents.updateCorpusFiles<DeleteIntentResult>((files) => {
      if (!collect(files).has(name)) return { result: 'not_found' };
      if (inUse.length > 0) return { result: { inUse } };
      let updated = files;
      for (const lang of LANGUAGES) updated = placeIntent(updated, lang, name, { utterances: [], answers: [] });
      return { files: updated, result: 'deleted' };
    });
  }

  /** The municipalities (on the shared layer) with an own part of the intent `name`. */
  private async municipalitiesAddingTo(name: string): Promise<string[]> {
    const layers = (await this.options.municipalities?.()) ?? [];
    const adding = await Promise.all(
      layers.map(async ({ tenantId, intents }) =>
        collect(await intents.listCorpusFiles()).has(name) ? [tenantId] : [],
      ),
    );
    return adding.flat().sort();
  }

  /** The own layer's corpus files, and the shared layer's beneath (none unless this is a municipality's layer). */
  private async files(): Promise<{ own: CorpusFile[]; shared: CorpusFile[] }> {
    const [own, shared] = await Promise.all([
      this.options.intents.listCorpusFiles(),
      this.options.shared?.intents.listCorpusFiles() ?? [],
    ]);
    return { own, shared };
  }

  /** The intent as the editor shows it: on a municipality's layer, its own part with the shared one beside it. */
  private view(name: string, own: readonly CorpusFile[], shared: readonly CorpusFile[]): EditorIntent | undefined {
    if (!this.options.shared) return this.withDialog(collect(own).get(name));
    const mine = collect(own).get(name);
    const common = collect(shared).get(name);
    const merged = collect([...shared, ...own]).get(name);
    if (!merged) return undefined;
    return this.withDialog({
      ...merged,
      utterances: mine?.utterances ?? NO_TEXTS(),
      answers: mine?.answers ?? NO_TEXTS(),
      layer: layerOf(common, mine),
      ...(common && { shared: { utterances: common.utterances, answers: common.answers } }),
    });
  }

  private async check(name: string, input: EditorIntentInput, shared?: EditorIntent): Promise<IntentIssue[]> {
    const issues: IntentIssue[] = [];
    const parsed = IntentName.safeParse(name);
    if (!parsed.success) issues.push({ path: ['name'], message: parsed.error.issues[0]?.message ?? 'invalid name' });
    if (input.name !== undefined && input.name !== name) {
      issues.push({ path: ['name'], message: `the body names ${input.name}, the path ${name}` });
    }
    const serviceId = serviceIdOf(name);
    if (serviceId !== undefined && !(await this.options.catalogue.findService(serviceId))) {
      issues.push({
        path: ['name'],
        message: `no catalogue entry "${serviceId}": service intents are service.<entry id>`,
      });
    }
    // A municipality may give a shared intent answers of its own without utterances: it is trained on the shared ones.
    const sharedUtterances = (shared?.utterances.de.length ?? 0) + (shared?.utterances.en.length ?? 0);
    if (input.utterances.de.length + input.utterances.en.length + sharedUtterances === 0) {
      issues.push({ path: ['utterances'], message: 'an intent needs at least one utterance in some language' });
    }
    return issues;
  }

  private withDialog(intent: EditorIntent | undefined): EditorIntent | undefined {
    if (intent?.serviceId === undefined) return intent;
    const dialog = this.dialogFor(intent.serviceId);
    return dialog ? { ...intent, dialog: { id: dialog.id, title: dialog.title } } : intent;
  }

  private dialogFor(serviceId: string): DialogRef | undefined {
    return (
      this.options.dialogs.find((dialog) => dialog.serviceId === serviceId) ??
      this.options.dialogs.find((dialog) => dialog.services?.includes(serviceId))
    );
  }
}

/**
 * Every intent of the corpus files, its utterances and answers per language, in the order first seen, and the named
 * entities its utterances use (those defined in the utterance's language).
 */
function collect(files: readonly CorpusFile[]): Map<string, EditorIntent> {
  const intents = new Map<string, EditorIntent>();
  for (const { corpus } of files) {
    for (const { intent: name, utterances, answers } of corpus.data) {
      let intent = intents.get(name);
      if (!intent) {
        const serviceId = serviceIdOf(name);
        intent = {
          name,
          kind: kindOf(name),
          ...(serviceId === undefined ? {} : { serviceId }),
          utterances: { de: [], en: [] },
          answers: { de: [], en: [] },
        };
        intents.set(name, intent);
      }
      intent.utterances[corpus.locale].push(...utterances);
      intent.answers[corpus.locale].push(...answers);
    }
  }
  for (const lang of LANGUAGES) {
    const defined = mergeEntities(
      files.filter((file) => file.corpus.locale === lang).map((file) => file.corpus.entities),
    );
    for (const intent of intents.values()) {
      const used = intent.utterances[lang].flatMap(entityReferences).filter((name) => name in defined);
      if (used.length > 0) intent.entities = [...new Set([...(intent.entities ?? []), ...used])].sort();
    }
  }
  return intents;
}

function layerOf(shared: EditorIntent | undefined, own: EditorIntent | undefined): ContentLayer {
  if (shared && own) return 'both';
  return own ? 'own' : 'shared';
}

/** Where each intent of the shared and the own layer is. */
function layersOf(shared: Map<string, EditorIntent>, own: Map<string, EditorIntent>): Map<string, ContentLayer> {
  const names = new Set([...shared.keys(), ...own.keys()]);
  return new Map([...names].map((name) => [name, layerOf(shared.get(name), own.get(name))]));
}

function distinct(texts: readonly string[]): string[] {
  return [...new Set(texts.map((text) => text.trim()).filter(Boolean))];
}

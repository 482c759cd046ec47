import { tenantsOf } from '../../auth/tenantScope.js';
import type { User } from '../../auth/types.js';
import { Language } from '../../catalogue/schema.js';
import { serviceIdOf } from '../../nlu/corpus.js';
import type { IntentModel } from '../../nlu/IntentModel.js';
import type { AuditRepository, InboxRepository, KnowledgeStorage } from '../../storage/repositories.js';
import { layeredCatalogue } from '../../tenants/tenantContent.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import { contentOf, placeIntent } from '../intents/placeIntent.js';
import { type InboxPort, WorkbenchConflict } from '../ports.js';
import type { InboxGroup, InboxStatus } from '../types.js';
import { groupQuestions } from './groupQuestions.js';
import { questionFeatures } from './questionFeatures.js';

export interface InboxServiceOptions {
  storage: {
    inbox: InboxRepository;
    audit: AuditRepository;
    /** The layers whose intents assignments add to: the shared one (`default`), or a municipality's own. */
    knowledgeOf(tenantId: string): KnowledgeStorage;
  };
  /** The live model, whose featurisation groups the questions. */
  model: () => IntentModel;
  now?: () => Date;
}

/**
 * The inbox of unrecognised questions: groups of open entries, and the editors' decisions on them. Assigning adds
 * the entries' texts to the draft corpora as utterances of an intent; nothing changes for citizens until a model
 * trained from the draft is published.
 */
export class InboxService implements InboxPort {
  private features: { model: IntentModel; features: ReturnType<typeof questionFeatures> } | undefined;

  constructor(private readonly options: InboxServiceOptions) {}

  async groups(filter: { lang?: Language; tenants?: readonly string[] } = {}): Promise<InboxGroup[]> {
    const open = await this.options.storage.inbox.listInbox({ status: 'open', tenants: filter.tenants });
    const entries = filter.lang ? open.filter((entry) => entry.lang === filter.lang) : open;
    return groupQuestions(entries, { features: this.featuresOfLiveModel() });
  }

  /**
   * Adds the open entries' texts to the intent's utterances in one atomic update of the corpus files (so it loses no
   * concurrent change of the draft), then resolves the entries. Into a municipality's own layer (`tenantId`) go only
   * its own citizens' questions, as its own utterances of a shared intent or of its own.
   */
  async assign(entryIds: string[], intent: string, by: User, tenantId = DEFAULT_TENANT): Promise<number> {
    const { storage } = this.options;
    const own = storage.knowledgeOf(tenantId);
    const shared = tenantId === DEFAULT_TENANT ? undefined : storage.knowledgeOf(DEFAULT_TENANT);
    const serviceId = serviceIdOf(intent);
    const catalogue = layeredCatalogue(own.catalogue, shared?.catalogue);
    const inCatalogue = serviceId !== undefined && (await catalogue.findService(serviceId)) !== undefined;
    const sharedFiles = (await shared?.intents.listCorpusFiles()) ?? [];
    // In the order given (the group's, most asked first), so the first spelling of a question is the one kept.
    const order = new Map(entryIds.map((id, index) => [id, index]));
    const tenants = shared ? [tenantId] : tenantsOf(by);
    const entries = (await storage.inbox.findInboxEntries(entryIds, tenants))
      .filter((entry) => entry.status === 'open')
      .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    const added = await own.intents.updateCorpusFiles((files) => {
      // An intent of the draft, or a service intent of a catalogue entry (its first utterances come from the inbox).
      const known = [...sharedFiles, ...files].some((file) =>
        file.corpus.data.some((entry) => entry.intent === intent),
      );
      if (!inCatalogue && !known) {
        throw new WorkbenchConflict('unknown_intent', `there is no intent ${intent} in the draft or the catalogue`);
      }
      const added: Record<Language, string[]> = { de: [], en: [] };
      let updated = files;
      for (const lang of Language.options) {
        const texts = entries.filter((entry) => entry.lang === lang).map((entry) => entry.text);
        const content = contentOf(updated, lang, intent);
        const trained = [...contentOf(sharedFiles, lang, intent).utterances, ...content.utterances];
        added[lang] = newUtterances(trained, texts);
        if (added[lang].length === 0) continue;
        updated = placeIntent(updated, lang, intent, {
          ...content,
          utterances: [...content.utterances, ...added[lang]],
        });
      }
      return { files: updated === files ? undefined : updated, result: added };
    });
    const at = this.now();
    const resolved = await storage.inbox.resolveInboxEntries(
      entries.map((entry) => entry.id),
      { status: 'assigned', intent, by: by.name, at },
      tenants,
    );
    await this.audit(
      by,
      at,
      'editor.inbox.assigned',
      {
        ...(shared && { tenant: tenantId }),
        intent,
        entries: resolved,
        entryIds: entries.map((entry) => entry.id),
        utterancesAdded: added,
      },
      tenantId,
    );
    return resolved;
  }

  async mark(entryIds: string[], status: Extract<InboxStatus, 'new_service' | 'ignored'>, by: User): Promise<number> {
    const at = this.now();
    const resolution = { status, by: by.name, at };
    const resolved = await this.options.storage.inbox.resolveInboxEntries(entryIds, resolution, tenantsOf(by));
    await this.audit(by, at, 'editor.inbox.marked', { status, entries: resolved, entryIds });
    return resolved;
  }

  private featuresOfLiveModel() {
    const model = this.options.model();
    if (this.features?.model !== model) this.features = { model, features: questionFeatures(model) };
    return this.features.features;
  }

  private async audit(
    by: User,
    at: string,
    action: string,
    details: Record<string, unknown>,
    tenantId = DEFAULT_TENANT,
  ): Promise<void> {
    await this.options.storage.audit.appendAudit({
      at,
      actorId: by.id,
      actorName: by.name,
      action,
      conversationId: undefined,
      tenantId,
      details,
    });
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }
}

/** The texts, each once, that are not among the utterances yet. */
function newUtterances(utterances: readonly string[], texts: readonly string[]): string[] {
  const known = new Set(utterances.map(foldKey));
  return texts.filter((text) => {
    const key = foldKey(text);
    if (known.has(key)) return false;
    known.add(key);
    return true;
  });
}

/** Utterances that differ only in case, spacing or final punctuation are the same utterance. */
function foldKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?,;:]+$/u, '')
    .trim();
}

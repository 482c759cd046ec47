import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../src/auth/types.js';
import { InboxService } from '../../../src/editor/inbox/InboxService.js';
import { IntentEditor } from '../../../src/editor/intents/IntentEditor.js';
import { WorkbenchConflict } from '../../../src/editor/ports.js';
import type { NewInboxEntry } from '../../../src/editor/types.js';
import { type TemplateStorage, templateStorage } from './templateStorage.js';

const editor: User = {
  id: 'u-editor',
  name: 'erika',
  role: 'editor',
  tenants: ['default'],
  failedLogins: 0,
  lockedUntil: undefined,
  createdAt: '2026-01-01T00:00:00.000Z',
};

let data: TemplateStorage;
let inbox: InboxService;

beforeAll(async () => {
  data = await templateStorage();
  inbox = new InboxService({ storage: data.storage, model: () => data.model });
});
afterAll(() => data.dispose());

async function add(text: string, lang: 'de' | 'en' = 'de', intent = 'None'): Promise<string> {
  const entry: NewInboxEntry = { at: new Date().toISOString(), lang, text, reason: 'out_of_scope', intent, score: 0.2 };
  return (await data.storage.inbox.addInboxEntry(entry)).id;
}

/** Per corpus file of the language holding the intent: its path and the intent's utterances. */
async function utterances(intent: string, lang: 'de' | 'en'): Promise<{ path: string; texts: string[] }[]> {
  const files = await data.storage.intents.listCorpusFiles();
  return files
    .filter((file) => file.corpus.locale === lang)
    .flatMap((file) =>
      file.corpus.data
        .filter((entry) => entry.intent === intent)
        .map((entry) => ({ path: file.path, texts: entry.utterances })),
    );
}

describe('InboxService', () => {
  it('assigns entries: their texts become utterances of the intent in its corpus, once, and are resolved', async () => {
    const ids = [
      await add('Wo kriege ich einen Parkausweis für Anwohner'),
      await add('wo kriege ich einen parkausweis für anwohner?'),
      await add('Anwohnerparken'),
      await add('residents parking please', 'en'),
    ];
    const before = await utterances('service.bewohnerparkausweis', 'de');
    const groups = await inbox.groups({ lang: 'de' });
    expect(groups.flatMap((group) => group.entryIds).sort()).toEqual(ids.slice(0, 3).sort());

    expect(await inbox.assign(ids, 'service.bewohnerparkausweis', editor)).toBe(4);

    const after = await utterances('service.bewohnerparkausweis', 'de');
    expect(after.map(({ path }) => path)).toEqual(before.map(({ path }) => path));
    const added = (after[0]?.texts ?? []).slice(before[0]?.texts.length ?? 0);
    // "Anwohnerparken" is an utterance already; the two spellings of one question are one utterance.
    expect(added).toEqual(['Wo kriege ich einen Parkausweis für Anwohner']);
    expect((await utterances('service.bewohnerparkausweis', 'en')).flatMap(({ texts }) => texts)).toContain(
      'residents parking please',
    );
    expect(
      (await data.storage.inbox.findInboxEntries(ids)).map((entry) => [entry.status, entry.resolvedIntent]),
    ).toEqual(ids.map(() => ['assigned', 'service.bewohnerparkausweis']));
    const [audit] = await data.storage.audit.listAudit({ action: 'editor.inbox.assigned' });
    expect(audit).toMatchObject({ actorId: 'u-editor', actorName: 'erika', details: { entries: 4 } });
    expect(await inbox.groups()).toEqual([]);
  });

  it('adds a conversational intent new to a language to that language’s conversation corpus', async () => {
    const id = await add('cheers mate', 'en');
    const before = await utterances('thanks', 'en');
    expect(await inbox.assign([id], 'thanks', editor)).toBe(1);
    const after = await utterances('thanks', 'en');
    expect(after[0]?.path).toBe(before[0]?.path ?? 'en/conversation.json');
    expect(after.flatMap(({ texts }) => texts)).toContain('cheers mate');
  });

  it('loses neither an assignment nor intent edits made at the same moment', async () => {
    const editors = new IntentEditor({ intents: data.storage.intents, catalogue: data.storage.catalogue, dialogs: [] });
    const ids = [await add('Wie beantrage ich einen Parkausweis für meine Straße?'), await add('pets welcome?', 'en')];
    const texts = (lang: 'de' | 'en', text: string) => ({
      utterances: { de: lang === 'de' ? [text] : [], en: lang === 'en' ? [text] : [] },
      answers: { de: [], en: [] },
    });
    const [assigned, weather, rain, again] = await Promise.all([
      inbox.assign(ids, 'service.bewohnerparkausweis', editor),
      editors.put('smalltalk.weather', texts('de', 'Wie ist das Wetter?')),
      editors.put('smalltalk.rain', texts('en', 'Will it rain?')),
      // A second assignment of the same entries adds nothing twice.
      inbox.assign(ids, 'service.bewohnerparkausweis', editor),
    ]);
    expect(assigned + again).toBe(2);
    expect([weather.ok, rain.ok]).toEqual([true, true]);
    const de = (await utterances('service.bewohnerparkausweis', 'de')).flatMap((place) => place.texts);
    expect(de.filter((text) => text === 'Wie beantrage ich einen Parkausweis für meine Straße?')).toHaveLength(1);
    expect((await utterances('service.bewohnerparkausweis', 'en')).flatMap((place) => place.texts)).toContain(
      'pets welcome?',
    );
    expect(await utterances('smalltalk.weather', 'de')).toEqual([
      { path: 'de/conversation.json', texts: ['Wie ist das Wetter?'] },
    ]);
    expect(await utterances('smalltalk.rain', 'en')).toEqual([
      { path: 'en/conversation.json', texts: ['Will it rain?'] },
    ]);
  });

  it('refuses an intent that is neither in the draft nor a catalogue entry, and changes nothing', async () => {
    const id = await add('Wann kommt die Müllabfuhr?');
    await expect(inbox.assign([id], 'service.gibt-es-nicht', editor)).rejects.toMatchObject({
      code: 'unknown_intent',
    });
    await expect(inbox.assign([id], 'no.such.intent', editor)).rejects.toBeInstanceOf(WorkbenchConflict);
    expect((await data.storage.inbox.findInboxEntries([id]))[0]?.status).toBe('open');
  });

  it('marks entries as needing a new service or ignored, with an audit entry', async () => {
    const [open] = (await data.storage.inbox.listInbox({ status: 'open' })).map((entry) => entry.id);
    const other = await add('Kann ich meinen Balkon bei der Stadt vermieten?');
    expect(await inbox.mark([open ?? '', other], 'new_service', editor)).toBe(2);
    expect(await inbox.mark([other], 'ignored', editor)).toBe(0);
    expect((await data.storage.inbox.findInboxEntries([other]))[0]).toMatchObject({
      status: 'new_service',
      resolvedBy: 'erika',
    });
    const [audit] = await data.storage.audit.listAudit({ action: 'editor.inbox.marked' });
    expect(audit?.details).toMatchObject({ status: 'ignored', entries: 0 });
  });
});

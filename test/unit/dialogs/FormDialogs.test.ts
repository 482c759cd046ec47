import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecipientDirectory } from '../../../src/applications/recipients.js';
import type { ApplicationSubmission } from '../../../src/applications/types.js';
import type { OutgoingMessage } from '../../../src/bot/messages.js';
import type { Draft } from '../../../src/dialogs/Draft.js';
import { FormDialogs, type FormInput, type FormReply, type FormTurn } from '../../../src/dialogs/FormDialogs.js';
import { loadDialogsDir } from '../../../src/dialogs/loadDialogsDir.js';

/** A small dialog with every mechanism: a group, conditions, a rule, an exit, a suggestion, a computed fee. */
const DIALOG = `
version: 1
id: test-permit
services: [test-permit]
title: { de: Testantrag, en: Test application }
referencePrefix: TP
trustLevel: low
intro: { de: Los geht's., en: Let's go. }
fields:
  - id: cars
    type: group
    label: { de: Fahrzeuge }
    itemLabel: { de: "Fahrzeug {n}" }
    addAnother: { de: Noch ein Fahrzeug? }
    max: 2
    fields:
      - id: plate
        type: vehiclePlate
        label: { de: Kennzeichen }
        prompt: { de: Welches Kennzeichen? }
        example: { de: M-AB 123 }
        aliases: { de: [Kennzeichen, Nummernschild] }
        fromQuestion: true
  - id: resident
    type: yesNo
    label: { de: Wohnsitz }
    prompt: { de: Wohnen Sie hier? }
  - id: name
    type: personName
    profile: name
    label: { de: Name }
    prompt: { de: Wie heißen Sie? }
    aliases: { de: [Name, mein Name] }
  - id: years
    type: number
    integer: true
    label: { de: Jahre }
    prompt: { de: Für wie viele Jahre? }
    example: { de: "2" }
    rules:
      - check: $value >= 1 and $value <= 3
        message: { de: "Ein bis drei Jahre, bitte." }
  - id: note
    type: text
    optional: true
    when: years > 1
    label: { de: Bemerkung }
    prompt: { de: Eine Bemerkung? }
  - id: holder
    type: personName
    suggest: name
    label: { de: Kontoinhaber }
    prompt: { de: Wer ist Kontoinhaber? }
computed:
  - id: fee
    type: amount
    label: { de: Gebühr }
    expression: years * 30 * $count(cars)
exits:
  - when: resident = false
    message: { de: Nur für Einwohner. }
privacyNotice: { de: Datenschutz. }
confirmation: { de: Ich bestätige. }
nextSteps: { de: Wir melden uns. }
recipients:
  - id: amt
  - id: kopie
    copy: true
    when: years > 2
`;
const RECIPIENTS = `
version: 1
recipients:
  amt: { name: { de: Amt }, delivery: { type: folder, path: amt } }
  kopie: { name: { de: Kopie }, delivery: { type: folder, path: kopie } }
tenants:
  musterdorf:
    recipients:
      kopie: { name: { de: Kopie Musterdorf }, delivery: { type: folder, path: musterdorf-kopie } }
`;

let forms: FormDialogs;
const submitted: ApplicationSubmission[] = [];
let failNextSubmit = false;
const turn = { lang: 'de' as const, conversationId: 'conversation-1', profile: {} };

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'govbot-dialog-'));
  writeFileSync(join(dir, 'test-permit.yaml'), DIALOG);
  writeFileSync(join(dir, 'recipients.yaml'), RECIPIENTS);
  const { dialogs, recipients } = loadDialogsDir(dir);
  forms = new FormDialogs({
    dialogs,
    recipients,
    chatTrustLevel: 'low',
    leikaOf: () => ['99000000000000'],
    submit: async (submission) => {
      if (failNextSubmit) {
        failNextSubmit = false;
        throw new Error('database is locked');
      }
      submitted.push(submission);
      return {
        reference: `TP-2026-${submitted.length}`,
        duplicate: false,
        receiptUrl: 'https://bot.example/quittung/t',
      };
    },
  });
});

const dialog = () => {
  const found = forms.find('test-permit');
  if (!found) throw new Error('test dialog not loaded');
  return found;
};
const said = (reply: FormReply) => reply.messages.map((message) => message.text).join('\n');
const last = (reply: FormReply): OutgoingMessage => reply.messages[reply.messages.length - 1] ?? { text: '' };
const titles = (reply: FormReply) => (last(reply).choices ?? []).map((choice) => choice.title);

/** Runs citizen inputs one after another; strings are typed text. */
async function run(start: FormReply, ...inputs: (string | FormInput)[]): Promise<FormReply> {
  return runAs(turn, start, ...inputs);
}

/** From the start to the summary: one car, three years, no note (so a copy goes to `kopie`). */
async function toSummary(as: FormTurn): Promise<FormReply> {
  const start = await forms.start(dialog(), as, { text: 'M-XY 99' });
  return runAs(as, start, 'nein', 'ja', 'Erika Mustermann', '3', 'überspringen', 'Erika Mustermann');
}

/** `run` in a turn of its own (another tenant's). */
async function runAs(as: FormTurn, start: FormReply, ...inputs: (string | FormInput)[]): Promise<FormReply> {
  let reply = start;
  for (const input of inputs) {
    const draft: Draft | undefined = reply.draft;
    if (!draft) throw new Error(`no draft left before ${JSON.stringify(input)}`);
    reply = await forms.handle(draft, typeof input === 'string' ? { kind: 'text', text: input } : input, as);
  }
  return reply;
}

describe('a form dialog turn by turn', () => {
  it('takes answers from the first message and asks only what is missing', async () => {
    const reply = await forms.start(dialog(), turn, { text: 'Parkausweis für M-XY 99 beantragen' });
    expect(said(reply)).toContain("Los geht's.");
    expect(reply.draft?.values).toEqual({ cars: [{ plate: 'M-XY 99' }] });
    expect(last(reply).channelData?.dialog).toEqual({ id: 'test-permit', field: 'cars[]', state: 'asking' });
    expect(titles(reply)).toEqual(['Ja', 'Nein']);
  });

  it('repeats a group on "yes", goes back over the group question, and walks on', async () => {
    let reply = await run(await forms.start(dialog(), turn, { text: 'M-XY 99' }), 'ja');
    expect(last(reply).channelData?.dialog?.field).toBe('cars[1].plate');
    expect(said(reply)).toContain('Fahrzeug 2');
    reply = await run(reply, 'zurück');
    expect(reply.draft?.pending).toEqual({ kind: 'addAnother', group: 'cars' });
    expect(reply.draft?.values.cars).toEqual([{ plate: 'M-XY 99' }]);
    reply = await run(reply, 'ja', 'B-AB 1234', 'ja');
    // max: 2 reached, so no third "another one?"
    expect(last(reply).channelData?.dialog?.field).toBe('name');
  });

  it('says what is wrong with an answer, with an example, and offers a person after three failures', async () => {
    let reply = await run(await forms.start(dialog(), turn), 'Hallo');
    expect(reply.unusable).toBe(true);
    expect(last(reply).channelData?.dialog).toMatchObject({ state: 'invalid', reason: 'not_a_vehicle_plate' });
    expect(said(reply)).toContain('Zum Beispiel: M-AB 123');
    expect(titles(reply)).not.toContain('Mit einem Menschen sprechen');
    reply = await run(reply, 'weiß ich nicht genau', 'XYZ');
    expect(said(reply)).toContain('115');
    expect(last(reply).choices?.map((choice) => choice.value)).toContainEqual({ action: 'handover' });
    reply = await run(reply, 'M-AB 12');
    expect(reply.draft?.failures).toBe(0);
  });

  it('checks the rules of the dialog, leaves out fields whose condition fails, and ends at an exit', async () => {
    let reply = await run(
      await forms.start(dialog(), turn, { text: 'M-XY 99' }),
      'nein',
      'ja',
      'Erika Mustermann',
      '5',
    );
    expect(last(reply).channelData?.dialog).toMatchObject({ field: 'years', state: 'invalid', reason: 'rule' });
    expect(said(reply)).toContain('Ein bis drei Jahre, bitte.');
    reply = await run(reply, '1');
    // `note` is only asked for more than one year.
    expect(last(reply).channelData?.dialog?.field).toBe('holder');
    reply = await run(reply, 'ich wohne doch nicht hier, Wohnsitz ist falsch: nein');
    expect(last(reply).channelData?.dialog?.state).toBe('exited');
    expect(said(reply)).toContain('Nur für Einwohner.');
    reply = await run(reply, { kind: 'action', action: { action: 'form', op: 'back' } });
    expect(reply.draft?.pending).toEqual({ kind: 'field', path: 'resident' });
  });

  it('offers earlier answers and the conversation profile as one-tap answers', async () => {
    let reply = await run(
      await forms.start(dialog(), turn, { text: 'M-XY 99' }),
      'nein',
      'ja',
      'Erika Mustermann',
      '1',
    );
    expect(titles(reply)).toContain('Erika Mustermann');
    reply = await run(reply, { kind: 'action', action: { action: 'form', op: 'suggestion', path: 'holder' } });
    expect(reply.draft?.values.holder).toEqual({ givenName: 'Erika', familyName: 'Mustermann' });

    const withProfile = { ...turn, profile: { name: { givenName: 'Max', familyName: 'Muster' } } };
    let other = await forms.start(dialog(), withProfile, { text: 'M-XY 99' });
    other = await forms.handle(other.draft as Draft, { kind: 'text', text: 'nein' }, withProfile);
    other = await forms.handle(other.draft as Draft, { kind: 'text', text: 'ja' }, withProfile);
    expect(titles(other)).toContain('Max Muster');
  });

  it('shows a summary with change buttons, takes corrections in words, and submits once confirmed', async () => {
    let reply = await toSummary(turn);
    expect(last(reply).channelData?.dialog?.state).toBe('summary');
    const card = last(reply).card;
    expect(card?.facts).toContainEqual({ label: 'Gebühr', value: '90,00\u00a0€' });
    expect(card?.facts).toContainEqual({ label: 'Bemerkung', value: '(keine Angabe)' });
    expect(card?.blocks.flatMap((block) => block.lines).join(' ')).toContain('Kopie erhalten: Kopie');
    expect(titles(reply)).toEqual(
      expect.arrayContaining(['Verbindlich absenden', 'Ändern: Fahrzeug 1 – Kennzeichen', 'Antrag abbrechen']),
    );

    reply = await run(reply, 'das Kennzeichen ist falsch, es ist M-AB 1');
    expect(said(reply)).toContain('„Fahrzeug 1 – Kennzeichen“ geändert: M-AB 1');
    expect(last(reply).channelData?.dialog?.state).toBe('summary');

    reply = await run(reply, { kind: 'action', action: { action: 'form', op: 'change', path: 'years' } }, '1');
    expect(last(reply).card?.facts).toContainEqual({ label: 'Gebühr', value: '30,00\u00a0€' });

    failNextSubmit = true;
    reply = await run(reply, { kind: 'action', action: { action: 'form', op: 'submit' } });
    expect(said(reply)).toContain('nicht gespeichert');
    expect(reply.draft).toBeDefined();

    const before = submitted.length;
    reply = await run(reply, 'ja');
    expect(reply.draft).toBeUndefined();
    expect(said(reply)).toContain('TP-2026-');
    expect(last(reply).card?.links.map((link) => link.url)).toContain('https://bot.example/quittung/t');
    expect(reply.submitted?.profile).toEqual({ name: { givenName: 'Erika', familyName: 'Mustermann' } });
    const submission = submitted[before];
    expect(submission).toMatchObject({
      dialogId: 'test-permit',
      referencePrefix: 'TP',
      conversationId: 'conversation-1',
      leika: ['99000000000000'],
      computed: { fee: 30 },
      recipients: [{ id: 'amt', copy: false }],
    });
    // The note was asked for three years; with one year it is no longer part of the application.
    expect(submission?.values).toEqual({
      cars: [{ plate: 'M-AB 1' }],
      resident: true,
      name: { givenName: 'Erika', familyName: 'Mustermann' },
      years: 1,
      holder: { givenName: 'Erika', familyName: 'Mustermann' },
    });
  });

  it("sends a tenant's application to the tenant's own recipient, and names it in the summary", async () => {
    const musterdorf: FormTurn = { ...turn, tenantId: 'musterdorf' };
    let reply = await toSummary(musterdorf);
    expect(
      last(reply)
        .card?.blocks.flatMap((block) => block.lines)
        .join(' '),
    ).toContain('Kopie erhalten: Kopie Musterdorf');
    const before = submitted.length;
    reply = await runAs(musterdorf, reply, { kind: 'action', action: { action: 'form', op: 'submit' } });
    expect(reply.draft).toBeUndefined();
    // Its own recipient by its delivery id; the one it has none of stays the installation's.
    expect(submitted[before]).toMatchObject({
      tenantId: 'musterdorf',
      recipients: [
        { id: 'amt', copy: false },
        { id: 'musterdorf/kopie', copy: true },
      ],
    });
  });

  it('asks before cancelling and deletes the answers only when confirmed', async () => {
    let reply = await run(await forms.start(dialog(), turn, { text: 'M-XY 99' }), 'abbrechen');
    expect(said(reply)).toContain('wirklich abbrechen');
    reply = await run(reply, 'nein');
    expect(reply.draft?.values.cars).toEqual([{ plate: 'M-XY 99' }]);
    reply = await run(reply, 'abbrechen', 'ja');
    expect(reply.draft).toBeUndefined();
    expect(last(reply).channelData?.dialog?.state).toBe('cancelled');
  });

  it('ignores a button of an earlier question rather than mixing answers up', async () => {
    const reply = await run(await forms.start(dialog(), turn, { text: 'M-XY 99' }), {
      kind: 'action',
      action: { action: 'form', op: 'answer', path: 'nowhere', value: 'x' },
    });
    expect(reply.draft?.pending).toEqual({ kind: 'addAnother', group: 'cars' });
  });

  it('does not start a dialog that needs more trust than the chat provides', async () => {
    const strict = new FormDialogs({
      dialogs: [dialog()],
      recipients: new RecipientDirectory({ recipients: {}, tenants: {} }),
      chatTrustLevel: 'none',
      leikaOf: () => [],
      submit: () => Promise.reject(new Error('unused')),
    });
    const reply = await strict.start(dialog(), turn);
    expect(reply.draft).toBeUndefined();
    expect(said(reply)).toContain('Identitätsnachweis');
  });
});

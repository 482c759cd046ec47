import { describe, expect, it } from 'vitest';
import type { QueueEntryView } from '../../src/channels/agent/protocol.js';
import type { ServerActivity } from '../../src/channels/socketio/protocol.js';
import type { CitizenClient } from '../support/citizenClient.js';
import { useHandoverSession } from '../support/handoverSession.js';

const dialogOf = (activity: ServerActivity) => activity.channelData?.govbot?.dialog;
const handoverOf = (activity: ServerActivity) => activity.channelData?.govbot?.handover;

/** The citizen presses the button titled `title` of `message`, as the widget does: its title as text, its value. */
async function click(citizen: CitizenClient, message: ServerActivity, title: string): Promise<ServerActivity> {
  const button = message.suggestedActions?.actions.find((action) => action.title === title);
  if (!button) throw new Error(`no button "${title}" under "${message.text}"`);
  const ack = await citizen.send({ text: title, value: button.value });
  if (!ack.ok) throw new Error(`activity rejected: ${ack.error}`);
  return citizen.nextMessage();
}

/** Reads the citizen's bot messages until one satisfies `predicate`, returning it and those before it. */
async function messageWhere(
  citizen: CitizenClient,
  predicate: (activity: ServerActivity) => boolean,
): Promise<{ found: ServerActivity; before: ServerActivity[] }> {
  const before: ServerActivity[] = [];
  for (;;) {
    const next = await citizen.nextMessage();
    if (predicate(next)) return { found: next, before };
    before.push(next);
  }
}

describe('handover in the middle of a form dialog, citizen and agent over Socket.IO', () => {
  const session = useHandoverSession();
  const { citizen, agent } = session;

  /** Starts the Bewohnerparkausweis (zone and plate from the first message) and answers up to the date of birth. */
  const uptoBirthDate = async (maria: CitizenClient) => {
    await maria.send({ text: 'Ich möchte einen Bewohnerparkausweis für M-AB 123 in Zone C beantragen' });
    const { found: first } = await messageWhere(maria, (a) => dialogOf(a)?.field !== undefined);
    expect(dialogOf(first)).toMatchObject({ id: 'bewohnerparkausweis', field: 'mainResidence', state: 'asking' });
    const name = await click(maria, first, 'Ja');
    expect(dialogOf(name)).toMatchObject({ field: 'applicantName', state: 'asking' });
    const birthDate = await maria.ask('Erika Mustermann');
    expect(dialogOf(birthDate)).toMatchObject({ field: 'applicantBirthDate', state: 'asking' });
  };

  /** Three answers in a row the date of birth cannot use: the bot queues the chat itself. */
  const failThreeTimes = async (maria: CitizenClient) => {
    for (const [index, answer] of ['blau', 'lila', 'xyz'].entries()) {
      const reprompt = await maria.ask(answer);
      expect(dialogOf(reprompt), `answer ${index + 1}`).toMatchObject({
        field: 'applicantBirthDate',
        state: 'invalid',
        reason: 'not_a_date',
      });
    }
    const queued = await maria.nextMessage();
    expect(queued.text).toMatch(/Das klappt gerade nicht so/);
    expect(queued.text).toMatch(/Position 1/);
    expect(handoverOf(queued)).toMatchObject({ state: 'queued', position: 1 });
    return queued;
  };

  const expectFormEntry = (entry: QueueEntryView) => {
    expect(entry.handover).toMatchObject({
      reason: 'form_failures',
      dialogId: 'bewohnerparkausweis',
      topic: { serviceId: 'bewohnerparkausweis', title: expect.stringMatching(/Bewohnerparkausweis/) },
      status: 'queued',
    });
  };

  it('hands over after three unusable answers; the agent sees and corrects the form and resumes it at a chosen step', async () => {
    const anna = await agent();
    const maria = await citizen();
    await uptoBirthDate(maria);
    await failThreeTimes(maria);

    const entry = await anna.waitFor('queued');
    expectFormEntry(entry);
    const handoverId = entry.handover.id;

    // Before taking it, the agent can look at the form: what is filled in and where the citizen is stuck.
    const opened = await anna.request('open', { handoverId });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.conversation.form).toMatchObject({
      dialogId: 'bewohnerparkausweis',
      state: 'field',
      current: { path: 'applicantBirthDate' },
      failures: 3,
    });

    const accepted = await anna.request('accept', { handoverId });
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    const form = accepted.conversation.form;
    expect(form?.current?.path).toBe('applicantBirthDate');
    const filled = Object.fromEntries(form?.fields.map((field) => [field.path, field.value]) ?? []);
    expect(filled).toMatchObject({ zone: 'Zone C', plate: 'M-AB 123', applicantName: 'Erika Mustermann' });
    expect(Object.keys(filled)).toContain('mainResidence');
    expect(Object.keys(filled)).not.toContain('applicantBirthDate');
    expect((await maria.nextMessage()).text).toMatch(/verbunden/);

    // A value the field cannot take, and one its rule refuses, are refused with the reason.
    const unreadable = await anna.request('correctField', { handoverId, path: 'applicantBirthDate', value: 'blau' });
    expect(unreadable).toEqual({ ok: false, error: 'not_a_date' });
    const tooYoung = await anna.request('correctField', {
      handoverId,
      path: 'applicantBirthDate',
      value: '01.01.2020',
    });
    expect(tooYoung).toMatchObject({ ok: false, error: expect.stringMatching(/mindestens 17 Jahre/) });
    const unknown = await anna.request('correctField', { handoverId, path: 'lieblingsfarbe', value: 'blau' });
    expect(unknown).toEqual({ ok: false, error: 'unknown_field' });

    const corrected = await anna.request('correctField', {
      handoverId,
      path: 'applicantBirthDate',
      value: '12.08.1985',
    });
    expect(corrected.ok).toBe(true);
    if (!corrected.ok) return;
    expect(corrected.form.fields.find((field) => field.path === 'applicantBirthDate')?.value).toMatch(/1985/);
    expect(corrected.form.failures).toBe(0);
    const audit = await session.bot.storage.audit.listAudit({ action: 'form.corrected' });
    expect(audit[0]).toMatchObject({ actorName: 'anna', details: { path: 'applicantBirthDate' } });

    // The agent hands back at the number plate: the citizen is told, then asked for the plate.
    expect((await anna.request('end', { handoverId, outcome: 'resolved', resumeAt: 'plate' })).ok).toBe(true);
    const { found: plate, before } = await messageWhere(maria, (a) => dialogOf(a)?.field !== undefined);
    expect(before.map((a) => a.text).join('\n')).toMatch(/beendet/);
    expect(before.map((a) => handoverOf(a)?.state)).toContain('ended');
    expect(dialogOf(plate)).toMatchObject({ id: 'bewohnerparkausweis', field: 'plate', state: 'asking' });
    expect(plate.text).toMatch(/Kennzeichen/);

    // The agent's correction holds: after the plate comes the address, not the date of birth again.
    const next = await maria.ask('M-XY 99');
    expect(dialogOf(next)).toMatchObject({ field: 'address', state: 'asking' });
  });

  it('without a step to resume at, the next open question is asked after the handover', async () => {
    const anna = await agent();
    const maria = await citizen();
    await uptoBirthDate(maria);
    await failThreeTimes(maria);
    const entry = await anna.waitFor('queued');
    expectFormEntry(entry);
    const handoverId = entry.handover.id;
    expect((await anna.request('accept', { handoverId })).ok).toBe(true);
    expect((await maria.nextMessage()).text).toMatch(/verbunden/);
    expect(
      (await anna.request('correctField', { handoverId, path: 'applicantBirthDate', value: '12.08.1985' })).ok,
    ).toBe(true);

    expect((await anna.request('end', { handoverId, outcome: 'resolved' })).ok).toBe(true);
    const { found, before } = await messageWhere(maria, (a) => dialogOf(a)?.field !== undefined);
    expect(before.map((a) => a.text).join('\n')).toMatch(/beendet/);
    expect(dialogOf(found)).toMatchObject({ field: 'address', state: 'asking' });
    expect(found.text).toMatch(/Anschrift/);
  });

  it('asking for a person in a form queues the chat without asking the question again; the form resumes after', async () => {
    const anna = await agent();
    const maria = await citizen();
    await uptoBirthDate(maria);

    const queued = await maria.ask('Ich möchte mit einem Menschen sprechen');
    expect(handoverOf(queued)).toMatchObject({ state: 'queued', position: 1 });
    expect(queued.text).toMatch(/Gern verbinde ich Sie/);
    expect(dialogOf(queued)).toBeUndefined();
    const entry = await anna.waitFor('queued');
    expect(entry.handover).toMatchObject({ reason: 'requested', dialogId: 'bewohnerparkausweis' });

    // The next bot message is the answer to the citizen's next message, not the form's question.
    const hint = await maria.ask('Ich weiß mein Geburtsdatum gerade nicht');
    expect(hint.text).toMatch(/gespeichert/);
    expect(dialogOf(hint)).toBeUndefined();

    const handoverId = entry.handover.id;
    const accepted = await anna.request('accept', { handoverId });
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    expect(accepted.conversation.form).toMatchObject({ current: { path: 'applicantBirthDate' }, failures: 0 });
    expect((await maria.nextMessage()).text).toMatch(/verbunden/);

    expect((await anna.request('end', { handoverId, outcome: 'resolved' })).ok).toBe(true);
    const { found, before } = await messageWhere(maria, (a) => dialogOf(a)?.field !== undefined);
    expect(before.map((a) => a.text).join('\n')).toMatch(/beendet/);
    expect(dialogOf(found)).toMatchObject({ field: 'applicantBirthDate', state: 'asking' });
    const address = await maria.ask('12.08.1985');
    expect(dialogOf(address)).toMatchObject({ field: 'address', state: 'asking' });
  });

  it('the button title "Mit einem Menschen sprechen" typed in a form queues the chat', async () => {
    const anna = await agent();
    const maria = await citizen();
    await uptoBirthDate(maria);
    const queued = await maria.ask('Mit einem Menschen sprechen');
    expect(handoverOf(queued)).toMatchObject({ state: 'queued', position: 1 });
    expect(dialogOf(queued)).toBeUndefined();
    expect((await anna.waitFor('queued', () => true, 2000)).handover.dialogId).toBe('bewohnerparkausweis');
  });
});

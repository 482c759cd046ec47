import { describe, expect, it } from 'vitest';
import type { ServerActivity } from '../../src/channels/socketio/protocol.js';
import { AgentClient } from '../support/agentClient.js';
import { CitizenClient, visibleText } from '../support/citizenClient.js';
import { useHandoverSession } from '../support/handoverSession.js';
import { startTestBot } from '../support/startTestBot.js';

const agentName = (activity: ServerActivity) => activity.channelData?.govbot?.agent?.name;

describe('handover to the service centre, citizen and agent over Socket.IO', () => {
  const session = useHandoverSession();
  const { citizen, agent } = session;

  it('request, queue, take over, messages both ways with the bot silent, hand back, the bot answers again', async () => {
    const anna = await agent();
    const maria = await citizen();

    const queued = await maria.ask('Ich möchte mit einem Menschen sprechen');
    expect(queued.text).toMatch(/Position 1/);
    expect(queued.channelData?.govbot?.handover).toMatchObject({ state: 'queued', position: 1 });
    expect(queued.suggestedActions?.actions.map((action) => action.title)).toContain('Warten abbrechen');

    const entry = await anna.waitFor('queued');
    expect(entry.handover).toMatchObject({ reason: 'requested', lang: 'de', channel: 'govbot-web', status: 'queued' });
    const overview = await anna.overview((o) => o.queue.length === 1);
    expect(overview.queue[0]?.position).toBe(1);

    // While waiting, the citizen's message is kept for the agent; the bot says so once.
    const hint = await maria.ask('Es geht um meinen Bewohnerparkausweis');
    expect(hint.text).toMatch(/gespeichert/);

    const accepted = await anna.request('accept', { handoverId: entry.handover.id });
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    const transcript = accepted.conversation.transcript.map((activity) => activity.text);
    expect(transcript).toContain('Ich möchte mit einem Menschen sprechen');
    expect(transcript).toContain('Es geht um meinen Bewohnerparkausweis');
    const connected = await maria.nextMessage();
    expect(connected.text).toMatch(/verbunden/);
    expect(connected.channelData?.govbot?.handover).toMatchObject({ state: 'connected', agentName: 'anna' });

    // Agent → citizen, with the agent's name; typing both ways.
    expect((await anna.request('typing', { handoverId: entry.handover.id })).ok).toBe(true);
    expect(
      (await anna.request('message', { handoverId: entry.handover.id, text: 'Guten Tag, wie kann ich helfen?' })).ok,
    ).toBe(true);
    const fromAgent = await maria.nextMessage();
    expect(fromAgent.text).toBe('Guten Tag, wie kann ich helfen?');
    expect(agentName(fromAgent)).toBe('anna');
    expect(maria.received.some((a) => a.type === 'typing' && agentName(a) === 'anna')).toBe(true);
    maria.socket.emit('typing');
    await anna.waitFor('typing', (event) => event.handoverId === entry.handover.id);

    // Citizen → agent; the bot stays silent while a person is connected.
    const before = maria.received.length;
    const ack = await maria.send({ text: 'Was kostet ein Reisepass?' });
    expect(ack.ok).toBe(true);
    const relayed = await anna.waitFor('activity', (event) => event.activity.text === 'Was kostet ein Reisepass?');
    expect(relayed.handoverId).toBe(entry.handover.id);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(maria.received.slice(before).filter((a) => a.type === 'message' && a.from?.role === 'bot')).toEqual([]);

    // Hand back: the end is announced and the bot answers again.
    expect((await anna.request('end', { handoverId: entry.handover.id, outcome: 'resolved' })).ok).toBe(true);
    const ended = await maria.nextMessage();
    expect(ended.text).toMatch(/beendet/);
    expect(ended.channelData?.govbot?.handover?.state).toBe('ended');
    const answer = await maria.ask('Was kostet ein Reisepass?');
    expect(visibleText(answer)).toMatch(/Reisepass/);
    expect(visibleText(answer)).toMatch(/€/);

    // Records: who took which conversation when, and the times for the analytics.
    const audit = await session.bot.storage.audit.listAudit({ conversationId: maria.session.conversationId });
    expect(audit.map((a) => a.action).reverse()).toEqual(['handover.requested', 'handover.accepted', 'handover.ended']);
    expect(audit.find((a) => a.action === 'handover.accepted')?.actorName).toBe('anna');
    const stats = await session.bot.storage.handovers.handoverStats(
      new Date(Date.now() - 60_000),
      new Date(Date.now() + 1000),
    );
    expect(stats).toMatchObject({ handovers: 1, accepted: 1, byReason: { requested: 1 }, byStatus: { completed: 1 } });
    expect(stats.waitMs.mean).toBeGreaterThanOrEqual(0);
    expect(stats.firstReplyMs.mean).toBeGreaterThanOrEqual(0);
  });

  it('the citizen can stop waiting and is back with the bot', async () => {
    const anna = await agent();
    const maria = await citizen();
    await maria.ask('Kann ich bitte mit einem Mitarbeiter sprechen?');
    await anna.waitFor('queued');
    const cancelled = await maria.send({ text: 'Warten abbrechen', value: { action: 'handover', op: 'cancel' } });
    expect(cancelled.ok).toBe(true);
    expect((await maria.nextMessage()).text).toMatch(/warten nicht mehr/);
    await anna.overview((overview) => overview.queue.length === 0);
    expect(visibleText(await maria.ask('Was kostet ein Reisepass?'))).toMatch(/€/);
  });

  it('with nobody online, says so, gives 115 and takes a contact request that becomes a ticket', async () => {
    const maria = await citizen();
    await maria.ask('Was ist die Hauptstadt von Australien?');
    const unavailable = await maria.ask('Ich will mit einem echten Menschen reden');
    expect(unavailable.text).toMatch(/115/);
    expect(unavailable.channelData?.govbot?.handover?.state).toBe('unavailable');
    const offer = await maria.send({
      text: 'Kontaktanfrage hinterlassen',
      value: { action: 'handover', op: 'contact' },
    });
    expect(offer.ok).toBe(true);
    expect((await maria.nextMessage()).text).toMatch(/Name/);
    expect((await maria.ask('Maria')).text).toMatch(/Vor- und Nachnamen/);
    expect((await maria.ask('Maria Schmidt')).text).toMatch(/erreichen/);
    expect((await maria.ask('keine Ahnung')).text).toMatch(/weder/);
    const question = await maria.ask('maria.schmidt@example.org');
    expect(question.text).toMatch(/Hauptstadt von Australien/);
    await maria.send({ text: 'Ja, darum geht es', value: { action: 'contact', op: 'useQuestion' } });
    expect((await maria.nextMessage()).text).toMatch(/speichern/);
    const done = await maria.ask('ja');
    expect(done.text).toMatch(/KA-\d{4}-/);
    const [ticket] = await session.bot.storage.tickets.listTickets();
    expect(ticket).toMatchObject({
      name: 'Maria Schmidt',
      email: 'maria.schmidt@example.org',
      question: 'Was ist die Hauptstadt von Australien?',
      status: 'open',
      conversationId: maria.session.conversationId,
    });
    expect(done.text).toContain(ticket?.number);
  });

  it('without consent, nothing is stored', async () => {
    const maria = await citizen();
    await maria.ask('Ich möchte mit einem Menschen sprechen');
    await maria.send({ text: 'Kontaktanfrage hinterlassen', value: { action: 'handover', op: 'contact' } });
    await maria.nextMessage();
    await maria.ask('Maria Schmidt');
    await maria.ask('0170 1234567');
    await maria.ask('Ich brauche einen Termin im Bürgerbüro');
    const declined = await maria.ask('nein');
    expect(declined.text).toMatch(/Einwilligung/);
    expect(await session.bot.storage.tickets.listTickets()).toEqual([]);
  });

  it('hands over by itself after two misunderstood messages in a row when someone is online', async () => {
    const anna = await agent();
    const maria = await citizen();
    await maria.ask('Wie wird das Wetter morgen in Hamburg?');
    const second = await maria.ask('Spielt der HSV am Samstag?');
    expect(second.text).toMatch(/zweimal nicht verstanden/);
    const entry = await anna.waitFor('queued');
    expect(entry.handover.reason).toBe('misunderstood');
  });

  it('counts "Nichts davon" after "Meinten Sie …?" as misunderstood, and hands over after the second', async () => {
    const anna = await agent();
    const maria = await citizen();
    await maria.ask('Wie wird das Wetter morgen in Hamburg?');
    // A described situation the classifier turns away: the catalogue's texts point to Sperrmüll, so the bot asks.
    const question =
      'Der Nachbar hat seinen alten Kühlschrank und eine Matratze vor das Haus gestellt, wer holt sowas ab?';
    const asked = await maria.ask(question);
    expect(asked.text).toBe('Meinten Sie das?');
    const none = await maria.send({ text: 'Nichts davon', value: { action: 'none' } });
    expect(none.ok).toBe(true);
    expect((await maria.nextMessage()).text).toMatch(/zweimal nicht verstanden/);
    const entry = await anna.waitFor('queued');
    expect(entry.handover.reason).toBe('misunderstood');
  });

  it('offers the question asked about ("Meinten Sie …?") as the subject of a contact request', async () => {
    const maria = await citizen();
    await maria.ask(
      'Wir renovieren und haben einen alten Kleiderschrank und eine Waschmaschine, die abgeholt werden sollen.',
    );
    await maria.send({ text: 'Nichts davon', value: { action: 'none' } });
    expect((await maria.nextMessage()).text).toMatch(/115/);
    await maria.send({ text: 'Kontaktanfrage hinterlassen', value: { action: 'handover', op: 'contact' } });
    expect((await maria.nextMessage()).text).toMatch(/Name/);
    expect((await maria.ask('Maria Schmidt')).text).toMatch(/erreichen/);
    expect((await maria.ask('maria.schmidt@example.org')).text).toMatch(/Kleiderschrank/);
  });

  it('hands over an upset citizen to a person', async () => {
    const anna = await agent();
    const maria = await citizen();
    const reply = await maria.ask('Das ist doch eine Frechheit!!! Seit drei Wochen warte ich auf meinen Ausweis!');
    expect(reply.text).toMatch(/tut mir leid/);
    expect((await anna.waitFor('queued')).handover.reason).toBe('upset');
  });

  it('transfers a chat to another agent, who can then hand it back', async () => {
    await AgentClient.createUser(session.bot.storage, 'ben');
    const anna = await agent('anna');
    const ben = await agent('ben');
    const maria = await citizen();
    await maria.ask('Mitarbeiter bitte');
    const entry = await anna.waitFor('queued');
    await anna.request('accept', { handoverId: entry.handover.id });
    await maria.nextMessage();
    const benId = (await ben.overview()).me.id;
    expect((await anna.request('transfer', { handoverId: entry.handover.id, agentId: benId })).ok).toBe(true);
    expect((await maria.nextMessage()).text).toMatch(/an \*\*ben\*\*/);
    expect((await anna.request('message', { handoverId: entry.handover.id, text: 'noch da?' })).ok).toBe(false);
    await ben.overview((overview) => overview.chats.some((chat) => chat.id === entry.handover.id));
    expect((await ben.request('message', { handoverId: entry.handover.id, text: 'Hier ist Ben.' })).ok).toBe(true);
    expect(agentName(await maria.nextMessage())).toBe('ben');
    const audit = await session.bot.storage.audit.listAudit({ action: 'handover.transferred' });
    expect(audit[0]?.details).toMatchObject({ from: 'anna', to: 'ben' });
  });

  it('lets only one of two agents take the same chat', async () => {
    await AgentClient.createUser(session.bot.storage, 'ben');
    const anna = await agent('anna');
    const ben = await agent('ben');
    const maria = await citizen();
    await maria.ask('Mit einem Menschen sprechen');
    const entry = await anna.waitFor('queued');
    const [first, second] = await Promise.all([
      anna.request('accept', { handoverId: entry.handover.id }),
      ben.request('accept', { handoverId: entry.handover.id }),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    expect([first, second].find((ack) => !ack.ok)).toMatchObject({ error: 'taken' });
  });

  it('refuses agents without a valid session or CSRF token', async () => {
    await AgentClient.createUser(session.bot.storage, 'erik', 'editor');
    await expect(AgentClient.login(session.bot.url, 'erik')).rejects.toThrow(/forbidden/);
    const anna = await AgentClient.login(session.bot.url, 'anna');
    anna.close();
    const { io } = await import('socket.io-client');
    const forged = io(`${session.bot.url}/agent`, {
      auth: { csrfToken: 'wrong' },
      extraHeaders: { Cookie: anna.cookie },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    session.closeAfter({ close: () => forged.close() });
    await expect(
      new Promise((resolve, reject) => {
        forged.once('connect', () => resolve(undefined));
        forged.once('connect_error', reject);
      }),
    ).rejects.toThrow(/csrf/);
  });
});

describe('handover outside the service hours', () => {
  it('says the service centre is closed, with its hours and the 115, and offers a contact request', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
    const bot = await startTestBot({
      env: { GOVBOT_SERVICE_HOURS: 'mo-su 00:00-23:59', GOVBOT_STATE: 'BE', GOVBOT_CLOSED_DATES: today },
    });
    try {
      await AgentClient.createUser(bot.storage, 'anna');
      const anna = await AgentClient.login(bot.url, 'anna');
      const maria = await CitizenClient.connect(bot.url);
      await maria.nextMessage();
      const closed = await maria.ask('Ich möchte mit einem Menschen sprechen');
      expect(closed.text).toMatch(/nicht besetzt/);
      expect(closed.text).toMatch(/115/);
      expect(closed.text).toMatch(/00:00–23:59/);
      expect(closed.suggestedActions?.actions.map((a) => a.title)).toContain('Kontaktanfrage hinterlassen');
      expect(await bot.storage.handovers.listActiveHandovers()).toEqual([]);
      anna.close();
      maria.close();
    } finally {
      await bot.dispose();
    }
  });
});

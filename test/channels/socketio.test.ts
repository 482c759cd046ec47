import { describe, expect, it } from 'vitest';
import { useCitizenBot } from '../support/citizenBot.js';
import { visibleText } from '../support/citizenClient.js';

describe('web widget channel (Socket.IO, real server, real SQLite)', () => {
  const fixture = useCitizenBot();
  const { connect } = fixture;

  it('greets a new citizen, says it is automated and links the privacy notice', async () => {
    const citizen = await connect({ locale: 'de-DE' });
    expect(citizen.session.resumed).toBe(false);
    expect(citizen.session.token.length).toBeGreaterThan(30);
    const welcome = await citizen.nextMessage();
    expect(welcome.text).toMatch(/automatisiert/i);
    expect(welcome.text).toContain('/datenschutz');
    expect(welcome.suggestedActions?.actions.map((action) => action.title)).toContain('Mit einem Menschen sprechen');
  });

  it('answers a service question with a card from the catalogue', async () => {
    const citizen = await connect();
    await citizen.nextMessage();
    const answer = await citizen.ask('Wie beantrage ich einen Bewohnerparkausweis?');
    const card = answer.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const text = visibleText(answer);
    expect(text).toContain('Bewohnerparkausweis');
    expect(text).toMatch(/Kosten/);
    expect(text).toMatch(/Erforderliche Unterlagen/);
    expect(text).toMatch(/Zuständige Stelle/);
    expect(text).toMatch(/Öffnungszeiten/);
    expect(text).toMatch(/Bearbeitungsdauer/);
    expect(text).toMatch(/Online beantragen/);
  });

  it('answers in English when asked in English', async () => {
    const citizen = await connect({ locale: 'de-DE' });
    await citizen.nextMessage();
    const answer = await citizen.ask('How do I apply for a new ID card?');
    const text = visibleText(answer);
    expect(text).toMatch(/Costs/);
    expect(text).toMatch(/identity card/i);
  });

  it('is honest about what it does not know: 115, catalogue search and a person', async () => {
    const citizen = await connect();
    await citizen.nextMessage();
    const answer = await citizen.ask('Wie wird das Wetter morgen?');
    expect(answer.attachments ?? []).toHaveLength(0);
    expect(answer.text).toContain('115');
    expect(answer.text).toContain('/leistungen');
    expect(answer.suggestedActions?.actions.map((action) => action.title)).toContain('Mit einem Menschen sprechen');
  });

  it('answers a button click with the chosen service', async () => {
    const citizen = await connect();
    await citizen.nextMessage();
    const ack = await citizen.send({ value: { action: 'service', serviceId: 'reisepass' }, text: 'Reisepass' });
    expect(ack.ok).toBe(true);
    expect(visibleText(await citizen.nextMessage())).toContain('Reisepass');
  });

  it('processes a retried message once (client message ids are idempotent)', async () => {
    const citizen = await connect();
    await citizen.nextMessage();
    const first = await citizen.send({ id: 'msg-1', text: 'Führungszeugnis beantragen' });
    await citizen.nextMessage();
    const again = await citizen.send({ id: 'msg-1', text: 'Führungszeugnis beantragen' });
    expect(first).toEqual({ ok: true, id: 'msg-1', duplicate: false });
    expect(again).toEqual({ ok: true, id: 'msg-1', duplicate: true });
    const history = await citizen.history();
    if (!history.ok) throw new Error(history.error);
    expect(history.activities.filter((a) => a.from?.role === 'user')).toHaveLength(1);
  });

  it('rejects malformed activities with an error and keeps the connection usable', async () => {
    const citizen = await connect();
    await citizen.nextMessage();
    for (const bad of [
      null,
      42,
      'text',
      { type: 'event' },
      { type: 'message' },
      { type: 'message', text: 'x'.repeat(5000) },
    ]) {
      const ack = await citizen.socket.timeout(5000).emitWithAck('activity', bad);
      expect(ack).toEqual({ ok: false, error: 'invalid_activity' });
    }
    expect(visibleText(await citizen.ask('Reisepass beantragen'))).toContain('Reisepass');
  });

  it('resumes the same conversation with its token, with its history', async () => {
    const first = await connect();
    await first.nextMessage();
    await first.ask('Was kostet ein Führungszeugnis?');
    first.close();
    const again = await connect({ token: first.session.token });
    expect(again.session).toMatchObject({ conversationId: first.session.conversationId, resumed: true });
    const history = await again.history();
    if (!history.ok) throw new Error(history.error);
    const texts = history.activities.map((activity) => activity.text ?? '');
    expect(texts).toContain('Was kostet ein Führungszeugnis?');
    expect(history.activities.filter((activity) => activity.from?.role === 'bot').length).toBe(2);
  });

  it("shows a citizen's message and its answer in every open tab, and only once in the tab that sent it", async () => {
    const first = await connect();
    await first.nextMessage();
    const second = await connect({ token: first.session.token });
    expect(second.session.resumed).toBe(true);
    const question = 'Was kostet ein Reisepass?';
    const answer = await first.ask(question);
    await expect.poll(() => second.received.some((activity) => activity.id === answer.id)).toBe(true);
    expect(second.received.filter((activity) => activity.text === question)).toHaveLength(1);
    expect(first.received.filter((activity) => activity.text === question)).toHaveLength(0);

    // Once the other tab is closed, the sender's messages go to nobody else, and still are answered.
    second.close();
    expect(visibleText(await first.ask('Reisepass beantragen'))).toContain('Reisepass');
  });

  it('gives an unknown token a new conversation', async () => {
    const citizen = await connect({ token: 'not-a-token-of-ours' });
    expect(citizen.session.resumed).toBe(false);
    expect(citizen.session.token).not.toBe('not-a-token-of-ours');
  });

  it('answers follow-up questions in context with the real model', async () => {
    const citizen = await connect();
    await citizen.nextMessage();
    await citizen.ask('Ich brauche einen Bewohnerparkausweis');
    const costs = await citizen.ask('Was kostet das?');
    expect(costs.text).toContain('Bewohnerparkausweis');
    expect(costs.text).toMatch(/Kosten: .*\d/);
    const where = await citizen.ask('Und wo ist das?');
    expect(where.text).toMatch(/Zuständige Stelle:[\s\S]*Musterstadt/);
    const passport = await citizen.ask('Und was kostet ein Reisepass?');
    expect(passport.text).toMatch(/Reisepass[\s\S]*Kosten: /);
  });
});

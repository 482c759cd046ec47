import { describe, expect, it } from 'vitest';
import { freePort, type ReceivedRequest, startWebhookReceiver } from '../applications/webhookReceiver.js';
import { CitizenClient } from '../support/citizenClient.js';
import { citizenMessageIds, signalUnderLoad, storedActivities } from './chatLoad.js';
import { faultFixture } from './faultFixture.js';
import { answerForm, dialogOf, serverCaughtUp, WATER_METER_READING } from './formSteps.js';
import { govbotCommand } from './govbotProcess.js';
import { stadtwerkeWebhook } from './stadtwerkeWebhook.js';

describe('the server killed with SIGKILL', () => {
  const fixture = faultFixture();

  it('in the middle of load loses no acknowledged message, and a retry of any message stores it once', async () => {
    const dir = fixture.dataDir();
    const first = await fixture.serve(dir);
    const { citizens, exit } = await signalUnderLoad(first, 'SIGKILL', 60);
    expect(exit).toMatchObject({ signal: 'SIGKILL' });

    const second = await fixture.serve(dir);
    for (const { client, sent } of citizens) {
      const resumed = await CitizenClient.connect(second.url, { token: client.session.token });
      fixture.later(() => resumed.close());
      expect(resumed.session).toMatchObject({ conversationId: client.session.conversationId, resumed: true });
      const stored = citizenMessageIds(await storedActivities(resumed));
      for (const message of sent.filter((m) => m.acked)) expect(count(stored, message.id)).toBe(1);
      // The widget sends again what it has no acknowledgement for, with the same id; it sends acknowledged ones
      // only by mistake. Either way each message is stored once.
      for (const message of sent) {
        const ack = await resumed.send(message);
        expect(ack).toMatchObject({ ok: true, id: message.id });
        if (message.acked) expect(ack).toMatchObject({ duplicate: true });
      }
      const afterRetry = citizenMessageIds(await storedActivities(resumed));
      for (const message of sent) expect(count(afterRetry, message.id)).toBe(1);
    }
    expect(citizens.flatMap((c) => c.sent).filter((m) => m.acked).length).toBeGreaterThanOrEqual(60);
  }, 60_000);

  it('in a form and in its submission: the draft resumes, the application stays and is delivered after restart', async () => {
    const dir = fixture.dataDir();
    // The Stadtwerke take meter readings over a webhook that is down until the last restart.
    const port = await freePort();
    const env = stadtwerkeWebhook(dir, `http://127.0.0.1:${port}/hook`);

    // Killed mid-form, once the turn that asked for the reading is complete.
    const first = await fixture.serve(dir, env);
    const citizen = await CitizenClient.connect(first.url);
    fixture.later(() => citizen.close());
    await citizen.nextMessage();
    const toReading = WATER_METER_READING.slice(0, 2);
    const rest = WATER_METER_READING.slice(2);
    for (const step of toReading) expect((await answerForm(citizen, step.answer)).field).toBe(step.next);
    await serverCaughtUp(citizen);
    expect(await first.stop('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });

    // The same token continues the form at the reading, up to the summary; killed as soon as "absenden" is stored.
    const second = await fixture.serve(dir, env);
    const resumed = await CitizenClient.connect(second.url, { token: citizen.session.token });
    fixture.later(() => resumed.close());
    for (const step of rest) expect((await answerForm(resumed, step.answer)).field).toBe(step.next);
    const ack = await resumed.send({ text: 'Ja, abschicken' });
    expect(ack).toMatchObject({ ok: true });
    expect(await second.stop('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    const shownBeforeKill = resumed.received.find((a) => dialogOf(a)?.state === 'submitted');

    let delivered: (request: ReceivedRequest) => void = () => undefined;
    const firstDelivery = new Promise<ReceivedRequest>((resolve) => {
      delivered = resolve;
    });
    const receiver = await startWebhookReceiver((_n, request) => {
      delivered(request);
      return 200;
    }, port);
    fixture.later(() => receiver.close());
    const third = await fixture.serve(dir, env);
    const again = await CitizenClient.connect(third.url, { token: citizen.session.token });
    fixture.later(() => again.close());
    // Whether the kill came before or after the turn that submitted: the citizen sees one reference number, and
    // "absenden" again on a draft that was not cleared gives the same one.
    const submitted =
      (await storedActivities(again)).find((a) => dialogOf(a)?.state === 'submitted') ??
      (await again.ask('Ja, abschicken'));
    const reference = /ZS-[\w-]+/.exec(submitted.text ?? '')?.[0];
    expect(reference).toBeDefined();
    if (shownBeforeKill) expect(shownBeforeKill.text).toContain(reference);
    const { stdout } = await govbotCommand(['deliveries', '--data-dir', dir, '--json']);
    expect(JSON.parse(stdout)).toMatchObject([{ reference, recipientId: 'stadtwerke' }]);

    // The outbox of the restarted server sends the delivery the dead ones could not.
    const request = await firstDelivery;
    expect(JSON.parse(request.body)).toMatchObject({ reference });
    await third.waitForLog((line) => line.msg === 'outbox: delivered' && line.reference === reference);
    expect(receiver.requests).toHaveLength(1);
  }, 60_000);
});

function count(ids: string[], id: string): number {
  return ids.filter((each) => each === id).length;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelVersion, TrainingRun } from '../../../src/editor/types.js';
import { type EditorApiHarness, startEditorApi } from './harness.js';

/**
 * Training, the release gate, publishing, rollback and "try it" with the real services: a real training run in a
 * worker thread (2 folds, conversation tests skipped), published into the bot's knowledge.
 */
describe('editor API: training, versions and try it', () => {
  let h: EditorApiHarness;
  let run: TrainingRun;
  beforeAll(async () => {
    h = await startEditorApi();
  });
  afterAll(async () => {
    await h.close();
  });

  it('tries a text with the live model and shows the entities in it; no draft model before the first run', async () => {
    const reply = await h.call('eddi', 'POST', '/api/editor/try', {
      text: 'Ich brauche einen Bewohnerparkausweis für M-AB 123',
      lang: 'de',
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      live: expect.objectContaining({
        lang: 'de',
        intent: 'service.bewohnerparkausweis',
        service: expect.objectContaining({ id: 'bewohnerparkausweis' }),
        entities: [expect.objectContaining({ type: 'vehiclePlate', value: 'M-AB 123' })],
      }),
    });
  });

  it('starts a training run (one at a time), lists it and shows its gate once done', async () => {
    // A must-pass question the draft cannot get right, so that the gate fails.
    const question = await h.call('eddi', 'POST', '/api/editor/must-pass', {
      text: 'Ich möchte einen Reisepass beantragen',
      lang: 'de',
      intent: 'greeting',
    });
    expect(question.status).toBe(201);

    const started = await h.call('eddi', 'POST', '/api/editor/training');
    expect(started.status).toBe(202);
    run = started.json as TrainingRun;
    expect(run).toMatchObject({ status: 'running', startedBy: 'eddi', phase: 'training' });
    const again = await h.call('pia', 'POST', '/api/editor/training');
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ error: 'training_running' });

    await h.training.idle?.();
    const done = await h.call('eddi', 'GET', `/api/editor/training/${run.id}`);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({
      id: run.id,
      status: 'succeeded',
      phase: 'done',
      gate: {
        passed: false,
        mustPass: [expect.objectContaining({ expected: 'greeting', passed: false })],
      },
    });
    const list = await h.call('eddi', 'GET', '/api/editor/training?limit=5');
    expect((list.json as { runs: TrainingRun[] }).runs.map((r) => r.id)).toEqual([run.id]);
    expect((await h.call('eddi', 'GET', '/api/editor/training/no-such-run')).status).toBe(404);
    expect((await h.call('eddi', 'GET', '/api/editor/training?limit=0')).status).toBe(400);
  }, 180_000);

  it('tries a text with the draft model too once a run succeeded', async () => {
    const reply = await h.call('eddi', 'POST', '/api/editor/try', { text: 'Hallo!' });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      live: { intent: expect.any(String), entities: [] },
      draft: { runId: run.id, intent: expect.any(String), entities: [] },
    });
  });

  it('refuses to publish past the failed gate, except for an admin with a reason', async () => {
    const versions = await h.call('eddi', 'GET', '/api/editor/versions');
    expect(versions.json).toMatchObject({ versions: [{ version: 1, publishedBy: 'system' }], live: 1 });

    const refused = await h.call('pia', 'POST', '/api/editor/versions', { runId: run.id });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error: 'gate_failed', message: expect.any(String) });

    const before = h.knowledge();
    const published = await h.call('ada', 'POST', '/api/editor/versions', {
      runId: run.id,
      overrideReason: 'Die Frage ist falsch erfasst',
      note: 'Test',
    });
    expect(published.status).toBe(201);
    expect(published.json).toMatchObject({
      version: 2,
      publishedBy: 'ada',
      trainingRunId: run.id,
      gatePassed: false,
      override: { reason: 'Die Frage ist falsch erfasst', by: 'ada' },
      note: 'Test',
    });
    // Identity only: a deep comparison of two models would block the event loop for seconds.
    expect(h.knowledge() === before, 'the bot answers with the published model').toBe(false);
    expect((await h.call('eddi', 'GET', '/api/editor/versions')).json).toMatchObject({ live: 2 });
  });

  it('compares versions and rolls back to an older one as a new version', async () => {
    const diff = await h.call('eddi', 'GET', '/api/editor/versions/diff?from=1&to=2');
    expect(diff.status).toBe(200);
    expect(diff.json).toMatchObject({ from: 1, to: 2, intents: expect.any(Array), services: expect.any(Array) });
    expect((await h.call('eddi', 'GET', '/api/editor/versions/diff?from=1&to=9')).status).toBe(404);
    expect((await h.call('eddi', 'GET', '/api/editor/versions/diff?from=1')).status).toBe(400);

    const rolledBack = await h.call('pia', 'POST', '/api/editor/versions/1/rollback');
    expect(rolledBack.status).toBe(201);
    expect(rolledBack.json).toMatchObject({ version: 3, rollbackOf: 1, publishedBy: 'pia' });
    const { versions, live } = (await h.call('eddi', 'GET', '/api/editor/versions')).json as {
      versions: ModelVersion[];
      live: number;
    };
    expect(live).toBe(3);
    expect(versions.map((version) => version.version)).toEqual([3, 2, 1]);
    const notLive = await h.call('pia', 'POST', '/api/editor/versions/3/rollback');
    expect(notLive.status).toBe(409);
    expect(notLive.json).toMatchObject({ error: 'already_live' });
    expect((await h.call('pia', 'POST', '/api/editor/versions/42/rollback')).status).toBe(404);
  });

  it('lists the publications and training in the workbench audit log', async () => {
    const audit = await h.call('eddi', 'GET', '/api/editor/audit');
    const actions = (audit.json as { entries: { action: string }[] }).entries.map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['editor.training.started', 'editor.must_pass.added']));
    expect(actions.every((action) => action.startsWith('editor.'))).toBe(true);
  });
});

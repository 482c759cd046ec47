import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorApiHarness, startEditorApi } from './harness.js';

describe('editor API: authentication and roles', () => {
  let h: EditorApiHarness;
  beforeAll(async () => {
    h = await startEditorApi();
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers 401 without a session and 403 to an agent, never cached', async () => {
    const anonymous = await h.call(undefined, 'GET', '/api/editor/intents');
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({ error: 'unauthenticated' });
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    const agent = await h.call('anna', 'GET', '/api/editor/intents');
    expect(agent.status).toBe(403);
    expect(agent.json).toEqual({ error: 'forbidden' });
  });

  it('lets editors, publishers and admins read the workbench', async () => {
    for (const who of ['eddi', 'pia', 'ada'] as const) {
      const reply = await h.call(who, 'GET', '/api/editor/must-pass');
      expect(reply.status, who).toBe(200);
      expect(reply.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('refuses a change without the CSRF token before reading its body', async () => {
    const reply = await h.call('eddi', 'POST', '/api/editor/must-pass', undefined, {
      csrf: false,
      rawBody: '{ not json',
    });
    expect(reply.status).toBe(403);
    expect(reply.json).toEqual({ error: 'csrf' });
    expect((await h.storage.mustPass.listMustPass()).length).toBe(0);
  });

  it('an editor cannot publish or roll back; a publisher cannot publish past a failed gate', async () => {
    const publish = await h.call('eddi', 'POST', '/api/editor/versions', { runId: 'some-run' });
    expect(publish.status).toBe(403);
    const rollback = await h.call('eddi', 'POST', '/api/editor/versions/1/rollback');
    expect(rollback.status).toBe(403);
    const override = await h.call('pia', 'POST', '/api/editor/versions', {
      runId: 'some-run',
      overrideReason: 'Dringend',
    });
    expect(override.status).toBe(403);
    expect(override.json).toMatchObject({ error: 'forbidden', message: expect.stringContaining('admins') });
    // The admin gets past the role check (and learns that the run does not exist).
    const admin = await h.call('ada', 'POST', '/api/editor/versions', {
      runId: 'some-run',
      overrideReason: 'Dringend',
    });
    expect(admin.status).toBe(404);
  });

  it('answers malformed JSON, unknown query values and bodies over the limit in JSON', async () => {
    const malformed = await h.call('eddi', 'POST', '/api/editor/must-pass', undefined, { rawBody: '{ not json' });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({ error: 'invalid_request' });
    const badQuery = await h.call('eddi', 'GET', '/api/editor/intents?lang=fr');
    expect(badQuery.status).toBe(400);
    expect(badQuery.json).toMatchObject({
      error: 'invalid_request',
      issues: [expect.objectContaining({ path: ['query', 'lang'] })],
    });
    const tooLarge = await h.call('eddi', 'POST', '/api/editor/try', { text: 'x'.repeat(100_000) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json).toEqual({ error: 'too_large' });
  });
});

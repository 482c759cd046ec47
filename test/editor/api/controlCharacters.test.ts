import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishRequest } from '../../../src/http/editor/schemas.js';
import { type EditorApiHarness, startEditorApi } from './harness.js';

/** Free text in the editor API's bodies is cleaned of control characters as citizens' messages are (`cleanText`). */
describe('editor API: control characters in free text', () => {
  let h: EditorApiHarness;
  beforeAll(async () => {
    h = await startEditorApi();
  });
  afterAll(async () => {
    await h.close();
  });

  it('stores a must-pass question without them, and refuses one that is nothing else', async () => {
    const added = await h.call('eddi', 'POST', '/api/editor/must-pass', {
      text: 'Wo beantrage ich\u0000 einen Reisepass?\u001B',
      lang: 'de',
      intent: 'service.reisepass',
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ text: 'Wo beantrage ich einen Reisepass?' });
    const stored = await h.storage.mustPass.listMustPass();
    expect(stored.map((question) => question.text)).toContain('Wo beantrage ich einen Reisepass?');

    const empty = await h.call('eddi', 'POST', '/api/editor/must-pass', {
      text: '\u0000 \u0007',
      lang: 'de',
      intent: 'service.reisepass',
    });
    expect(empty.status).toBe(400);
  });

  it('tries a text without them', async () => {
    const tried = await h.call('eddi', 'POST', '/api/editor/try', { text: 'Reise\u0000pass beantragen', lang: 'de' });
    expect(tried.status).toBe(200);
    expect(tried.json).toMatchObject({ live: { text: 'Reisepass beantragen' } });
  });

  it('cleans the reasons and notes of a publication', () => {
    expect(PublishRequest.parse({ runId: 'r1', overrideReason: 'Gate\u0000 zu streng', note: '\u0000' })).toEqual({
      runId: 'r1',
      overrideReason: 'Gate zu streng',
      note: '',
    });
  });
});

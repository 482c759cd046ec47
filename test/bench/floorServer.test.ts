import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFloorServer } from '../../bench/floorServer.js';
import { CitizenClient } from '../support/citizenClient.js';
import { freshDataDir } from '../support/startTestBot.js';

// The chat load benchmark's floor server (docs/benchmarks.md) stands for the least any bot must do for a question;
// its figures only mean that if it does that work: stores before acknowledging, understands, stores the answer.
describe('the chat load benchmark floor server', () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startFloorServer>>;
  let transcript: Database.Database;

  beforeAll(async () => {
    dataDir = freshDataDir();
    server = await startFloorServer(dataDir);
    transcript = new Database(join(dataDir, 'govbot.sqlite'), { readonly: true });
  });
  afterAll(async () => {
    transcript.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const stored = (conversationId: string) =>
    transcript
      .prepare('SELECT activity_id AS id, role FROM transcript WHERE conversation_id = ? ORDER BY seq')
      .all(conversationId);

  it('acknowledges a message once it is stored, then answers from the catalogue and stores the answer', async () => {
    const citizen = await CitizenClient.connect(server.url, { locale: 'de-DE' });
    try {
      const { conversationId } = citizen.session;
      const answered = citizen.nextMessage();
      const ack = await citizen.send({ id: 'q-1', text: 'Ich möchte meinen Hund anmelden', locale: 'de-DE' });
      expect(ack).toEqual({ ok: true, id: 'q-1' });
      expect(stored(conversationId)).toContainEqual({ id: 'q-1', role: 'user' });
      const answer = await answered;
      expect(answer).toMatchObject({ replyToId: 'q-1', text: 'Hund anmelden (Hundesteuer)' });
      expect(stored(conversationId)).toEqual([
        { id: 'q-1', role: 'user' },
        { id: answer.id, role: 'bot' },
      ]);
    } finally {
      citizen.close();
    }
  });

  it('does not acknowledge a message it could not store', async () => {
    const citizen = await CitizenClient.connect(server.url, { locale: 'de-DE' });
    // Another connection holds the write lock: the floor server's commit waits out its busy timeout (5 s) and fails.
    const writer = new Database(join(dataDir, 'govbot.sqlite'));
    try {
      writer.exec('BEGIN IMMEDIATE');
      const ack = await citizen.send({ id: 'q-3', text: 'Ich möchte meinen Hund anmelden', locale: 'de-DE' });
      expect(ack).toMatchObject({ ok: false });
      expect(stored(citizen.session.conversationId)).toEqual([]);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
      citizen.close();
    }
  });

  it('says it did not understand a message out of scope', async () => {
    const citizen = await CitizenClient.connect(server.url, { locale: 'de-DE' });
    try {
      const answered = citizen.nextMessage();
      await citizen.send({ id: 'q-2', text: 'Wie wird das Wetter morgen in Berlin?', locale: 'de-DE' });
      expect(await answered).toMatchObject({ replyToId: 'q-2', text: 'Das habe ich leider nicht verstanden.' });
    } finally {
      citizen.close();
    }
  });
});

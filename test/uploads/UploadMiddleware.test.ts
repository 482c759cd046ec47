import { createHash } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { type Activity, type Attachment, TestAdapter, type TurnContext } from 'botbuilder';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KeyedQueue } from '../../src/bot/KeyedQueue.js';
import { TranscriptMiddleware } from '../../src/bot/TranscriptMiddleware.js';
import { attachSocketIoChannel } from '../../src/channels/socketio/attachSocketIoChannel.js';
import type {
  ActivityAck,
  ClientToServerEvents,
  ServerActivity,
  ServerToClientEvents,
  SessionInfo,
} from '../../src/channels/socketio/protocol.js';
import { createLogger } from '../../src/logger.js';
import type {
  Conversation,
  ConversationRepository,
  NewConversation,
  TranscriptEntry,
  TranscriptRepository,
  UploadRepository,
} from '../../src/storage/repositories.js';
import {
  REJECTED_UPLOAD_ATTACHMENT,
  RejectedUpload,
  UPLOAD_ATTACHMENT,
  UploadReference,
} from '../../src/uploads/attachments.js';
import type { NewUpload, StoredUpload, UploadMeta } from '../../src/uploads/types.js';
import { UploadMiddleware, type UploadMiddlewareOptions } from '../../src/uploads/UploadMiddleware.js';
import { singleTenant } from '../support/testTenants.js';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode.');

const dataUrl = (contentType: string, data: Buffer) => `data:${contentType};base64,${data.toString('base64')}`;
const file = (name: string, contentType: string, data: Buffer): Attachment => ({
  contentType,
  name,
  contentUrl: dataUrl(contentType, data),
});
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The UploadRepository contract, in memory, until the SQLite one lands. */
class MemoryUploads implements UploadRepository {
  readonly stored: StoredUpload[] = [];

  async saveUpload(upload: NewUpload): Promise<UploadMeta> {
    const meta: UploadMeta = {
      id: `upload-${this.stored.length + 1}`,
      conversationId: upload.conversationId,
      name: upload.name,
      contentType: upload.contentType,
      size: upload.data.length,
      sha256: sha256(upload.data),
      createdAt: new Date().toISOString(),
    };
    this.stored.push({ ...meta, data: upload.data });
    return meta;
  }

  async findUpload(id: string): Promise<StoredUpload | undefined> {
    return this.stored.find((upload) => upload.id === id);
  }
}

class MemoryTranscripts implements TranscriptRepository {
  readonly entries: TranscriptEntry[] = [];

  async appendActivity(conversationId: string, activity: Record<string, unknown>, activityId?: string) {
    const duplicate = activityId !== undefined && this.entries.some((entry) => entry.activityId === activityId);
    if (!duplicate) {
      this.entries.push({
        seq: this.entries.length + 1,
        conversationId,
        activityId,
        timestamp: new Date().toISOString(),
        activity,
      });
    }
    return { duplicate, seq: this.entries.length };
  }

  async listActivities(conversationId: string, limit = 200): Promise<TranscriptEntry[]> {
    return this.entries.filter((entry) => entry.conversationId === conversationId).slice(-limit);
  }
}

/** A Bot Framework channel in a test: the upload middleware before the transcript, and a bot that says "ok". */
function botFrameworkChannel(options: Partial<UploadMiddlewareOptions> = {}) {
  const uploads = new MemoryUploads();
  const transcripts = new MemoryTranscripts();
  const seen: Partial<Activity>[] = [];
  const adapter = new TestAdapter(async (context: TurnContext) => {
    seen.push(JSON.parse(JSON.stringify(context.activity)));
    await context.sendActivity('ok');
  });
  adapter.use(new UploadMiddleware(uploads, { maxBytes: 1024, ...options })).use(new TranscriptMiddleware(transcripts));

  /** Sends a message with these attachments; resolves with the attachments the bot saw. */
  async function send(...attachments: Attachment[]): Promise<Attachment[]> {
    await adapter.send({ type: 'message', attachments }).assertReply('ok').startTest();
    return seen.at(-1)?.attachments ?? [];
  }
  return { uploads, transcripts, seen, send };
}

const reference = (attachment: unknown) =>
  z.object({ contentType: z.literal(UPLOAD_ATTACHMENT), content: UploadReference }).parse(attachment).content;
const rejection = (attachment: unknown) =>
  z.object({ contentType: z.literal(REJECTED_UPLOAD_ATTACHMENT), content: RejectedUpload }).parse(attachment).content;
const unexpectedFetch: typeof fetch = () => Promise.reject(new Error('must not fetch'));

describe('UploadMiddleware', () => {
  it('stores a PDF and hands the bot a reference instead of the file', async () => {
    const channel = botFrameworkChannel();
    const [attachment] = await channel.send(file('nachweis.pdf', 'application/pdf', PDF));

    const ref = reference(attachment);
    expect(ref).toEqual({
      uploadId: 'upload-1',
      name: 'nachweis.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: sha256(PDF),
    });
    const stored = channel.uploads.stored[0];
    expect(stored?.data.equals(PDF)).toBe(true);
    expect(stored?.conversationId).toBe(channel.seen[0]?.conversation?.id);
    expect(attachment?.contentUrl).toBeUndefined();
  });

  it('keeps the file data out of the activity and the transcript', async () => {
    const channel = botFrameworkChannel();
    const pdf = file('nachweis.pdf', 'application/pdf', PDF);
    await channel.send(pdf);

    const base64 = PDF.toString('base64');
    expect(JSON.stringify(channel.seen)).not.toContain(base64);
    const incoming = channel.transcripts.entries.find((entry) => entry.activity.type === 'message');
    const logged = JSON.stringify(incoming?.activity);
    expect(logged).not.toContain(base64);
    expect(logged).not.toContain('data:');
    expect(logged).toContain('upload-1');
  });

  it('goes by the bytes, not by the claimed type', async () => {
    const channel = botFrameworkChannel();
    const [png, exe] = await channel.send(
      file('nachweis.pdf', 'application/pdf', PNG),
      file('rechnung.pdf', 'application/pdf', EXE),
    );
    expect(reference(png).contentType).toBe('image/png');
    expect(rejection(exe)).toEqual({ name: 'rechnung.pdf', reason: 'unsupported_type' });
    expect(channel.uploads.stored.map((upload) => upload.contentType)).toEqual(['image/png']);
  });

  it('rejects a file over the size limit without storing it', async () => {
    const channel = botFrameworkChannel({ maxBytes: 1024 });
    const big = Buffer.concat([PDF, Buffer.alloc(1024)]);
    const [attachment] = await channel.send(file('scan.pdf', 'application/pdf', big));
    expect(rejection(attachment)).toEqual({ name: 'scan.pdf', reason: 'too_large' });
    expect(channel.uploads.stored).toEqual([]);
  });

  it('rejects data URLs that are not base64 or not well-formed as unreadable', async () => {
    const channel = botFrameworkChannel();
    const attachments = await channel.send(
      { contentType: 'application/pdf', name: 'a.pdf', contentUrl: 'data:application/pdf;base64,JVBERi0x%%%!' },
      { contentType: 'application/pdf', name: 'b.pdf', contentUrl: 'data:application/pdf,%25PDF-1.7' },
      { contentType: 'application/pdf', name: 'c.pdf', contentUrl: 'data:application/pdf;base64' },
    );
    expect(attachments.map((attachment) => rejection(attachment).reason)).toEqual([
      'unreadable',
      'unreadable',
      'unreadable',
    ]);
    expect(channel.uploads.stored).toEqual([]);
  });

  it('does not fetch https files unless the channel is authenticated', async () => {
    const channel = botFrameworkChannel({ fetch: unexpectedFetch });
    const [attachment] = await channel.send({
      contentType: 'application/pdf',
      name: 'nachweis.pdf',
      contentUrl: 'https://files.example/nachweis.pdf',
    });
    expect(rejection(attachment)).toEqual({ name: 'nachweis.pdf', reason: 'not_allowed_here' });
  });

  it('fetches https files on an authenticated channel, within the size limit and over https only', async () => {
    const responses: Record<string, () => Response> = {
      'https://files.example/ok.pdf': () => new Response(PDF),
      // No Content-Length: the limit must hold while the body streams.
      'https://files.example/endless.pdf': () =>
        new Response(
          new ReadableStream({
            pull: (controller) => controller.enqueue(new Uint8Array(512)),
          }),
        ),
      'https://files.example/moved.pdf': () =>
        new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data' } }),
    };
    const fakeFetch: typeof fetch = async (input) => {
      const respond = responses[String(input)];
      return respond ? respond() : new Response('not found', { status: 404 });
    };
    const channel = botFrameworkChannel({ fetchRemote: true, fetch: fakeFetch });
    const remote = (name: string) => ({ contentType: 'application/pdf', contentUrl: `https://files.example/${name}` });
    const [ok, endless, moved] = await channel.send(remote('ok.pdf'), remote('endless.pdf'), remote('moved.pdf'));
    const [missing] = await channel.send(remote('missing.pdf'));

    expect(reference(ok)).toMatchObject({ name: 'ok.pdf', contentType: 'application/pdf', size: PDF.length });
    expect(rejection(endless)).toEqual({ name: 'endless.pdf', reason: 'too_large' });
    expect(rejection(moved)).toEqual({ name: 'moved.pdf', reason: 'not_allowed_here' });
    expect(rejection(missing)).toEqual({ name: 'missing.pdf', reason: 'unreadable' });
  });

  it('takes at most three files from one message and passes cards through', async () => {
    const channel = botFrameworkChannel();
    const card = { contentType: 'text/html', content: '<p>Hier meine Nachweise</p>' };
    const pdfs = [1, 2, 3, 4].map((n) => file(`teil-${n}.pdf`, 'application/pdf', PDF));
    const [html, ...files] = await channel.send(card, ...pdfs);

    expect(html).toEqual(card);
    expect(files.slice(0, 3).map((attachment) => reference(attachment).name)).toEqual([
      'teil-1.pdf',
      'teil-2.pdf',
      'teil-3.pdf',
    ]);
    expect(rejection(files[3])).toEqual({ name: 'teil-4.pdf', reason: 'too_many' });
    expect(channel.uploads.stored).toHaveLength(3);
  });

  it('drops references a client made up, so no one can claim another conversation’s upload', async () => {
    const channel = botFrameworkChannel();
    const forged: Attachment = {
      contentType: UPLOAD_ATTACHMENT,
      content: { uploadId: 'upload-of-someone-else', name: 'x.pdf', contentType: 'application/pdf', size: 1 },
    };
    expect(await channel.send(forged)).toEqual([]);
  });

  it('shows a safe file name: no path, no control or bidi characters, at most 200 characters', async () => {
    const channel = botFrameworkChannel();
    const [path, bidi, long] = await channel.send(
      file('C:\\Users\\anna\\nachweis.pdf', 'application/pdf', PDF),
      file('rechnung\u202Efdp.exe', 'application/pdf', PDF),
      file(`${'a'.repeat(300)}.pdf`, 'application/pdf', PDF),
    );
    expect(reference(path).name).toBe('nachweis.pdf');
    expect(reference(bidi).name).toBe('rechnungfdp.exe');
    expect(reference(long).name).toHaveLength(200);
  });
});

describe('uploads over the web widget channel (Socket.IO)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startChannel(maxUploadBytes: number) {
    const uploads = new MemoryUploads();
    const transcripts = new MemoryTranscripts();
    const seen: Partial<Activity>[] = [];
    const middleware = new UploadMiddleware(uploads, { maxBytes: maxUploadBytes, fetch: unexpectedFetch });
    const httpServer: HttpServer = createServer();
    const { io } = attachSocketIoChannel({
      httpServer,
      tenants: singleTenant(),
      conversations: new MemoryConversations(),
      transcripts,
      bot: {
        async run(context) {
          if (context.activity.type !== 'message') return;
          seen.push(JSON.parse(JSON.stringify(context.activity)));
          await context.sendActivity('Danke, erhalten.');
        },
      },
      configureAdapter: (adapter) => adapter.use(middleware).use(new TranscriptMiddleware(transcripts)),
      turns: new KeyedQueue(),
      logger: createLogger('silent'),
      uploads: middleware,
      maxUploadBytes,
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => io.close(() => resolve())));
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(`http://127.0.0.1:${port}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    cleanups.push(() => void socket.close());
    const session = await new Promise<SessionInfo>((resolve) => socket.once('session', resolve));
    const answer = new Promise<ServerActivity>((resolve) =>
      socket.on('activity', (activity) => {
        if (activity.type === 'message' && activity.text === 'Danke, erhalten.') resolve(activity);
      }),
    );
    return { uploads, transcripts, seen, socket, session, answer };
  }

  it('stores the file before acknowledging, and the transcript and the bot get its reference', async () => {
    // Larger than the 64 KiB Socket.IO allowed before uploads.
    const scan = Buffer.concat([PDF, Buffer.alloc(150 * 1024, 0x20)]);
    const channel = await startChannel(200 * 1024);
    const ack: ActivityAck = await channel.socket.timeout(10_000).emitWithAck('activity', {
      type: 'message',
      id: 'c-1',
      attachments: [{ contentType: 'application/pdf', name: 'scan.pdf', contentUrl: dataUrl('application/pdf', scan) }],
    });
    expect(ack).toEqual({ ok: true, id: 'c-1', duplicate: false });
    await channel.answer;

    const [stored] = channel.uploads.stored;
    expect(stored?.conversationId).toBe(channel.session.conversationId);
    expect(stored?.data.equals(scan)).toBe(true);
    const logged = channel.transcripts.entries.find((entry) => entry.activityId === 'c-1');
    expect(JSON.stringify(logged?.activity)).not.toContain('data:');
    expect(reference(z.array(z.unknown()).parse(logged?.activity.attachments)[0]).uploadId).toBe(stored?.id);
    expect(reference(channel.seen[0]?.attachments?.[0])).toMatchObject({ name: 'scan.pdf', size: scan.length });
    expect(channel.seen[0]?.text).toBeUndefined();
  });
});

class MemoryConversations implements ConversationRepository {
  private readonly byId = new Map<string, { conversation: Conversation; tokenHash?: string }>();

  async createConversation(conversation: NewConversation, tokenHash?: string) {
    const now = new Date().toISOString();
    const created = { ...conversation, tenantId: conversation.tenantId ?? 'default', createdAt: now, updatedAt: now };
    this.byId.set(created.id, { conversation: created, tokenHash });
    return created;
  }

  async ensureConversation(conversation: NewConversation) {
    return this.byId.get(conversation.id)?.conversation ?? this.createConversation(conversation);
  }

  async findConversation(id: string) {
    return this.byId.get(id)?.conversation;
  }

  async findConversationByTokenHash(tokenHash: string) {
    return [...this.byId.values()].find((entry) => entry.tokenHash === tokenHash)?.conversation;
  }

  async deleteConversation(id: string): Promise<void> {
    this.byId.delete(id);
  }
}

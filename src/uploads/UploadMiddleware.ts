import { ActivityTypes, type Attachment, type Middleware, type TurnContext } from 'botbuilder';
import type { UploadRepository } from '../storage/repositories.js';
import {
  REJECTED_UPLOAD_ATTACHMENT,
  type RejectedUpload,
  UPLOAD_ATTACHMENT,
  type UploadReference,
  type UploadRejectReason,
} from './attachments.js';
import { sniffContentType } from './sniffContentType.js';

/** Files one message may carry; further files are rejected. */
export const MAX_FILES_PER_MESSAGE = 3;

/**
 * Set in turn state by a channel that stored the message's files itself before acknowledging it (the web widget):
 * its attachments are already references, and the middleware leaves them alone.
 */
export const UPLOADS_RESOLVED = Symbol('govbot.uploadsResolved');

export interface UploadMiddlewareOptions {
  /** The largest file accepted, in bytes; larger ones are rejected as `too_large`. */
  maxBytes: number;
  /**
   * Fetch files given by an https `contentUrl` (Bot Framework channels host uploads themselves). Only for an
   * authenticated channel: otherwise anyone could make the server fetch any URL. Off: such files are `not_allowed_here`.
   */
  fetchRemote?: boolean;
  /** How long one remote file may take to arrive; default 15 s. */
  fetchTimeoutMs?: number;
  /** For tests; default the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * Stores the files of an incoming message and replaces each by an upload reference (or a rejection), so that neither
 * the bot nor the transcript ever holds file bytes. Register it before `TranscriptMiddleware`.
 */
export class UploadMiddleware implements Middleware {
  constructor(
    private readonly uploads: UploadRepository,
    private readonly options: UploadMiddlewareOptions,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    if (
      activity.type === ActivityTypes.Message &&
      activity.attachments?.length &&
      !context.turnState.get(UPLOADS_RESOLVED)
    ) {
      activity.attachments = await this.resolveAttachments(
        activity.conversation.id,
        withoutForgedReferences(activity.attachments),
        this.options.fetchRemote ?? false,
      );
    }
    await next();
  }

  /**
   * Stores every file among `attachments` (those with a `contentUrl`) for the conversation and returns the
   * attachments with each file replaced by its reference or rejection; other attachments (cards, Teams' HTML copy of
   * the text) pass unchanged.
   */
  async resolveAttachments(
    conversationId: string,
    attachments: readonly Attachment[],
    allowRemote: boolean,
  ): Promise<Attachment[]> {
    const resolved: Attachment[] = [];
    let files = 0;
    for (const attachment of attachments) {
      if (typeof attachment.contentUrl !== 'string') {
        resolved.push(attachment);
        continue;
      }
      const name = displayName(attachment);
      files++;
      const file = files > MAX_FILES_PER_MESSAGE ? 'too_many' : await this.read(attachment.contentUrl, allowRemote);
      resolved.push(typeof file === 'string' ? rejected(name, file) : await this.store(conversationId, name, file));
    }
    return resolved;
  }

  private async store(conversationId: string, name: string, data: Buffer): Promise<Attachment> {
    const contentType = sniffContentType(data);
    if (!contentType) return rejected(name, 'unsupported_type');
    const meta = await this.uploads.saveUpload({ conversationId, name, contentType, data });
    const reference: UploadReference = {
      uploadId: meta.id,
      name: meta.name,
      contentType: meta.contentType,
      size: meta.size,
      sha256: meta.sha256,
    };
    return { contentType: UPLOAD_ATTACHMENT, name: meta.name, content: reference };
  }

  /** The file's bytes, or why they cannot be had. */
  private async read(contentUrl: string, allowRemote: boolean): Promise<Buffer | UploadRejectReason> {
    if (contentUrl.startsWith('data:')) return decodeDataUrl(contentUrl, this.options.maxBytes);
    if (!allowRemote || !contentUrl.startsWith('https://')) return 'not_allowed_here';
    return fetchLimited(contentUrl, {
      maxBytes: this.options.maxBytes,
      timeoutMs: this.options.fetchTimeoutMs ?? 15_000,
      fetch: this.options.fetch ?? fetch,
    });
  }
}

/**
 * A client that sends our own reference types is trying to pass off someone else's upload as its own: references
 * are only ever made here.
 */
function withoutForgedReferences(attachments: Attachment[]): Attachment[] {
  return attachments.filter(
    (attachment) =>
      attachment.contentType !== UPLOAD_ATTACHMENT && attachment.contentType !== REJECTED_UPLOAD_ATTACHMENT,
  );
}

function rejected(name: string, reason: UploadRejectReason): Attachment {
  const content: RejectedUpload = { name, reason };
  return { contentType: REJECTED_UPLOAD_ATTACHMENT, name, content };
}

const MAX_NAME_LENGTH = 200;

/**
 * The name to show back to the citizen: the last path segment, without control and bidi-override characters
 * (which can disguise `rechnung‮fdp.exe`), at most 200 characters.
 */
function displayName(attachment: Attachment): string {
  const raw = typeof attachment.name === 'string' && attachment.name.trim() ? attachment.name : nameFromUrl(attachment);
  const name = (raw.split(/[/\\]/).pop() ?? '').replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  return name.slice(0, MAX_NAME_LENGTH) || 'upload';
}

function nameFromUrl(attachment: Attachment): string {
  if (!attachment.contentUrl?.startsWith('https://')) return '';
  try {
    return decodeURIComponent(new URL(attachment.contentUrl).pathname);
  } catch {
    return '';
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes `data:[<type>][;<param>];base64,<data>`; the size is checked before anything is decoded. */
function decodeDataUrl(url: string, maxBytes: number): Buffer | UploadRejectReason {
  const comma = url.indexOf(',');
  if (comma < 0 || !url.slice(0, comma).toLowerCase().endsWith(';base64')) return 'unreadable';
  const body = url.slice(comma + 1);
  const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
  if ((body.length / 4) * 3 - padding > maxBytes) return 'too_large';
  // Buffer.from skips characters that are not base64 instead of failing, so check first.
  if (body.length % 4 !== 0 || !BASE64.test(body)) return 'unreadable';
  return Buffer.from(body, 'base64');
}

const MAX_REDIRECTS = 3;

/**
 * Fetches a file, giving up when it takes longer than the timeout or grows past `maxBytes` (counted while it
 * streams, whatever Content-Length said). Redirects are followed only to https.
 */
async function fetchLimited(
  url: string,
  options: { maxBytes: number; timeoutMs: number; fetch: typeof fetch },
): Promise<Buffer | UploadRejectReason> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    let target = new URL(url);
    for (let redirects = 0; ; redirects++) {
      const response = await options.fetch(target, { signal, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        target = new URL(location, target);
        if (target.protocol !== 'https:') return 'not_allowed_here';
        if (redirects === MAX_REDIRECTS) return 'unreadable';
        continue;
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        return 'unreadable';
      }
      if (Number(response.headers.get('content-length') ?? 0) > options.maxBytes) {
        await response.body.cancel();
        return 'too_large';
      }
      return await readLimited(response.body, options.maxBytes);
    }
  } catch {
    // Timeout, network failure or a malformed URL: the file cannot be had, and the citizen can send it again.
    return 'unreadable';
  }
}

async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer | UploadRejectReason> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return 'too_large';
    }
    chunks.push(value);
  }
}

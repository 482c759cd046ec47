/**
 * The web widget's Socket.IO protocol, shared by server and widget (type-only for the widget).
 * Documented in docs/protocol.md; keep both in step.
 */
import { z } from 'zod';
import { GovBotChannelData } from '../../bot/channelData.js';
import { TenantId, type TenantSettings } from '../../tenants/types.js';
import { cleanText, withoutControlCharactersIn } from '../../text/cleanText.js';

export const PROTOCOL_VERSION = 1;

/** `auth` payload of the Socket.IO handshake. */
export const HandshakeAuth = z.object({
  token: z.string().min(1).max(200).optional(),
  /** Stored with the conversation. */
  locale: cleanText().max(20).optional(),
  /**
   * The municipality whose widget this is (the tag's `data-tenant`); none: the `default` tenant. An id the server
   * does not have is refused (`unknown_tenant`), never replaced by another tenant.
   */
  tenant: TenantId.optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

/** The widget's defaults a tenant sets; the tag's own `data-title`, `data-color`, `data-logo` win over them. */
export type TenantBranding = NonNullable<TenantSettings['branding']>;

/** The tenant of a session, as much of it as the widget shows. */
export interface SessionTenant {
  id: string;
  /** The municipality as the bot names it. */
  name: string;
  branding: TenantBranding;
}

/** Sent by the server right after connecting: the conversation this socket belongs to. */
export interface SessionInfo {
  conversationId: string;
  token: string;
  /** True when the token resumed an existing conversation. */
  resumed: boolean;
  /** The tenant the conversation belongs to: the one the handshake named, or `default`. */
  tenant: SessionTenant;
}

/** Characters of a message's text: a long letter, not a document (the widget's text box has the same limit). */
export const MAX_TEXT_CHARS = 2000;
/** A button's value as JSON: the largest card form a dialog sends back fits many times over. */
export const MAX_VALUE_CHARS = 16 * 1024;
export const MAX_VALUE_DEPTH = 8;

/** Files one message may carry. */
export const MAX_CLIENT_ATTACHMENTS = 3;

/**
 * A file the citizen sends, inline as a `data:<type>;base64,…` URL. The server reads the real type from the bytes and
 * checks the size; a file it cannot use reaches the bot as a rejection, not as a refused message.
 */
export const ClientAttachment = z.strictObject({
  /** The type the browser claims; not trusted. */
  contentType: cleanText().max(100),
  name: cleanText().max(200),
  contentUrl: z.string().startsWith('data:'),
});
export type ClientAttachment = z.infer<typeof ClientAttachment>;

/**
 * A Bot Framework Activity as the widget sends it. Only what a citizen may send is accepted. Control characters are
 * dropped from its strings, the button value's included (see `cleanText`), before the bot or the transcript sees it.
 */
export const ClientActivity = z.object({
  type: z.literal('message'),
  /** Client-generated id; a second activity with the same id is acknowledged but not processed again. */
  id: cleanText().min(1).max(100).optional(),
  text: cleanText().max(MAX_TEXT_CHARS).optional(),
  /** Payload of a button click (Action.Submit / postBack / imBack); small, since it is stored with the message. */
  value: z
    .unknown()
    // Aborting: the cleaning after it would otherwise still walk a value refused for its size or depth.
    .refine(isSmallValue, {
      message: `at most ${MAX_VALUE_CHARS} characters as JSON, nested at most ${MAX_VALUE_DEPTH} deep`,
      abort: true,
    })
    // A card form's answers are typed text like a message's.
    .overwrite(withoutControlCharactersIn)
    .optional(),
  attachments: z.array(ClientAttachment).max(MAX_CLIENT_ATTACHMENTS).optional(),
  locale: cleanText().max(20).optional(),
});
export type ClientActivity = z.infer<typeof ClientActivity>;

/**
 * Acknowledgement for a client activity. Errors: `invalid_activity`, `erased`, `internal_error`, and `rate_limited`
 * with `retryAfterMs` (the message was not stored; it may be sent again after that time).
 */
export type ActivityAck =
  | { ok: true; id: string; duplicate?: boolean }
  | { ok: false; error: string; retryAfterMs?: number };

export const HistoryRequest = z.object({ limit: z.number().int().min(1).max(500).optional() }).optional();
export type HistoryRequest = z.infer<typeof HistoryRequest>;

/** A Bot Framework Activity as emitted to the widget (messages and typing); unknown fields are stripped. */
export const ServerActivity = z.object({
  type: z.string(),
  id: z.string().optional(),
  timestamp: z.string().optional(),
  from: z.object({ id: z.string(), name: z.string().optional(), role: z.string().optional() }).optional(),
  text: z.string().optional(),
  textFormat: z.string().optional(),
  locale: z.string().optional(),
  attachments: z
    .array(
      z.object({
        contentType: z.string(),
        content: z.unknown().optional(),
        contentUrl: z.string().optional(),
        name: z.string().optional(),
      }),
    )
    .optional(),
  suggestedActions: z
    .object({
      to: z.array(z.string()).optional(),
      actions: z.array(
        z.object({
          type: z.string(),
          title: z.string().optional(),
          value: z.unknown().optional(),
          text: z.string().optional(),
        }),
      ),
    })
    .optional(),
  replyToId: z.string().optional(),
  value: z.unknown().optional(),
  name: z.string().optional(),
  /** What the bot expects next (e.g. a file); anything else under channelData stays on the server. */
  channelData: z
    .object({ govbot: GovBotChannelData.optional().catch(undefined) })
    .optional()
    .catch(undefined),
});
export type ServerActivity = z.infer<typeof ServerActivity>;

export type HistoryAck = { ok: true; activities: ServerActivity[] } | { ok: false; error: string };

/** Payload of `erase` ("Chat löschen"): nothing to say yet; an absent payload is the same as `{}`. */
export const EraseRequest = z.object({}).nullish();
export type EraseRequest = z.infer<typeof EraseRequest>;

/**
 * Acknowledgement of `erase`: `ok` once the conversation is deleted on the server. Errors: `invalid_request`,
 * `not_supported` (this server cannot delete conversations), `internal_error` (nothing or not all was deleted; the
 * conversation goes on and the citizen may try again).
 */
export type EraseAck = { ok: true } | { ok: false; error: string };

export interface ServerToClientEvents {
  session: (info: SessionInfo) => void;
  activity: (activity: ServerActivity) => void;
  error: (error: { code: string; message: string }) => void;
  /** The conversation was deleted (from this tab or another); the server closes the connection right after. */
  erased: (payload: Record<string, never>) => void;
}

export interface ClientToServerEvents {
  activity: (activity: unknown, ack: (result: ActivityAck) => void) => void;
  history: (request: unknown, ack: (result: HistoryAck) => void) => void;
  /** The citizen is typing; shown to a service-centre agent who has the chat. */
  typing: () => void;
  /** Deletes the conversation on the server ("Chat löschen"); every tab of it then gets `erased`. */
  erase: (request: unknown, ack: (result: EraseAck) => void) => void;
}

/** Whether a button value is small enough to store with the message: size and depth bounded, no cycles. */
function isSmallValue(value: unknown): boolean {
  const depthOk = (node: unknown, depth: number): boolean => {
    if (node === null || typeof node !== 'object') return true;
    // Binary (a Buffer from a binary Socket.IO packet) is no button value, and would be walked byte by byte.
    if (ArrayBuffer.isView(node) || node instanceof ArrayBuffer) return false;
    if (depth >= MAX_VALUE_DEPTH) return false;
    return Object.values(node).every((child) => depthOk(child, depth + 1));
  };
  // Depth first: a deeply nested value is refused before JSON.stringify recurses through it.
  if (!depthOk(value, 0)) return false;
  const json = JSON.stringify(value);
  return json === undefined || json.length <= MAX_VALUE_CHARS;
}

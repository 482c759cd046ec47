import express, { type ErrorRequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import { verifySignature } from '../applications/outbox/verifySignature.js';
import type { ActionError, ActionResult, HandoverService } from '../handover/HandoverService.js';
import { HandoverOutcome } from '../handover/types.js';
import { cleanText } from '../text/cleanText.js';

export const SIGNATURE_HEADER = 'X-GovBot-Signature';

/** Shown to the citizen when the system names no person. */
const DEFAULT_AGENT_NAME = 'Servicecenter';
const MAX_BODY = '64kb';
/** How long the answer to an `Idempotency-Key` is kept: retries come within seconds, and the header is not signed. */
const KEY_MEMORY_MS = 10 * 60_000;
const MAX_KEYS = 10_000;

// What the contact centre's people type, shown to the citizen and stored (see `cleanText`).
const Name = cleanText().trim().min(1).max(100);
const From = z.looseObject({ name: Name.optional() }).optional();

/** The activities a contact-centre system may send; anything else is refused. */
export const HandoffAnswer = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('event'),
    name: z.literal('handoff.status'),
    from: From,
    value: z.discriminatedUnion('state', [
      z.looseObject({ state: z.literal('accepted'), agentName: Name.optional(), handoverId: z.string().optional() }),
      z.looseObject({ state: z.literal('failed'), handoverId: z.string().optional() }),
      z.looseObject({
        state: z.literal('completed'),
        outcome: HandoverOutcome.optional(),
        handoverId: z.string().optional(),
      }),
    ]),
  }),
  z.looseObject({
    type: z.literal('message'),
    text: cleanText().trim().min(1).max(4000),
    from: From,
    value: z.looseObject({ handoverId: z.string().optional() }).optional(),
  }),
  z.looseObject({
    type: z.literal('typing'),
    from: From,
    value: z.looseObject({ handoverId: z.string().optional() }).optional(),
  }),
]);
export type HandoffAnswer = z.infer<typeof HandoffAnswer>;

type Handovers = Pick<HandoverService, 'externalAccept' | 'externalMessage' | 'externalFail' | 'end'>;

/**
 * `POST /api/handoff/:handoverId`: a contact-centre system answers the handoff webhook (see `HandoffWebhook`). The raw
 * body must carry a valid `X-GovBot-Signature` made with the shared secret, at most 5 minutes old. A repeated
 * `Idempotency-Key` of a request that was carried out gets the same answer without acting twice, so the system may
 * retry safely.
 */
export function createHandoffRouter(options: { secret: string; handovers: Handovers; now?: () => Date }): Router {
  const router = Router();
  const seen = new IdempotencyKeys();
  router.post('/api/handoff/:handoverId', express.raw({ type: () => true, limit: MAX_BODY }), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const now = options.now?.() ?? new Date();
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = verifySignature({ header: req.get(SIGNATURE_HEADER), body, secret: options.secret, now });
    if (!signature.ok) {
      res.status(401).json({ error: 'invalid_signature', reason: signature.reason });
      return;
    }
    const answer = HandoffAnswer.safeParse(parseJson(body));
    if (!answer.success) {
      res.status(400).json({ error: 'invalid_request', issues: answer.error.issues });
      return;
    }
    const { handoverId } = req.params;
    const named = answer.data.value?.handoverId;
    if (named !== undefined && named !== handoverId) {
      res.status(400).json({ error: 'handover_mismatch' });
      return;
    }
    const key = req.get('Idempotency-Key');
    const memoryKey = key === undefined ? undefined : `${handoverId} ${key}`;
    const earlier = memoryKey === undefined ? undefined : seen.get(memoryKey, now);
    const reply = earlier ?? act(options.handovers, handoverId, answer.data).then(toReply);
    if (memoryKey !== undefined && earlier === undefined) {
      seen.set(memoryKey, reply, now);
      // Only what was done is remembered: a refused or failed request changed nothing, and its retry may succeed.
      const forget = () => seen.delete(memoryKey);
      reply.then((done) => done.status >= 300 && forget(), forget);
    }
    const { status, body: json } = await reply;
    res.status(status).json(json);
  });
  router.use('/api/handoff', bodyErrors);
  return router;
}

function act(handovers: Handovers, handoverId: string, answer: HandoffAnswer): Promise<ActionResult> {
  const fromName = answer.from?.name;
  switch (answer.type) {
    case 'message':
      return handovers.externalMessage(handoverId, fromName ?? DEFAULT_AGENT_NAME, answer.text);
    case 'typing':
      return handovers.externalMessage(handoverId, fromName ?? DEFAULT_AGENT_NAME, undefined);
    case 'event':
      switch (answer.value.state) {
        case 'accepted':
          return handovers.externalAccept(handoverId, answer.value.agentName ?? fromName ?? DEFAULT_AGENT_NAME);
        case 'failed':
          return handovers.externalFail(handoverId);
        case 'completed':
          return handovers.end(undefined, handoverId, { outcome: answer.value.outcome ?? 'resolved' });
      }
  }
}

interface Reply {
  status: number;
  body: unknown;
}

function toReply(result: ActionResult): Reply {
  return result.ok
    ? { status: 200, body: { ok: true, status: result.value.status } }
    : { status: errorStatus(result.error), body: { error: result.error } };
}

function errorStatus(error: ActionError): number {
  switch (error) {
    case 'not_found':
      return 404;
    case 'taken':
    case 'not_connected':
    case 'not_yours':
      return 409;
    default:
      return 400;
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A body over the limit (or unreadable) is answered in JSON like every other refusal. */
const bodyErrors: ErrorRequestHandler = (error: unknown, _req, res: Response, next) => {
  const status = z.looseObject({ status: z.number().int().min(400).max(499) }).safeParse(error);
  if (!status.success) {
    next(error);
    return;
  }
  res.status(status.data.status).json({ error: status.data.status === 413 ? 'too_large' : 'invalid_request' });
};

/**
 * Answers to recent `Idempotency-Key`s (or the answer still being worked out, so two copies sent at once act once),
 * forgotten after `KEY_MEMORY_MS`. In memory: enough against retries, which come within seconds.
 */
class IdempotencyKeys {
  private readonly replies = new Map<string, { at: number; reply: Promise<Reply> }>();

  get(key: string, now: Date): Promise<Reply> | undefined {
    // Insertion order is time order, so the expired ones are at the front.
    for (const [stored, { at }] of this.replies) {
      if (now.getTime() - at < KEY_MEMORY_MS) break;
      this.replies.delete(stored);
    }
    return this.replies.get(key)?.reply;
  }

  set(key: string, reply: Promise<Reply>, now: Date): void {
    this.replies.set(key, { at: now.getTime(), reply });
    if (this.replies.size > MAX_KEYS) {
      const oldest = this.replies.keys().next();
      if (!oldest.done) this.replies.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.replies.delete(key);
  }
}

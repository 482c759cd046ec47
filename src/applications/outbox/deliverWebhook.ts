import { signatureHeader } from './verifySignature.js';

/**
 * The result of one attempt: a value, since a receiver being down is expected. `status` is the receiver's HTTP status
 * when it answered at all, so a caller can tell a refusal (4xx) from a passing failure (5xx, no answer).
 */
export type DeliveryOutcome = { ok: true } | { ok: false; error: string; status?: number };

/**
 * POSTs one delivery's JSON to a webhook, signed with HMAC-SHA256 (`X-GovBot-Signature`) and carrying the delivery id
 * as `Idempotency-Key`, the same on every attempt, so a receiver can drop repeats. Only a 2xx answer counts as
 * delivered; redirects are not followed, since a redirected POST would lose its body.
 */
export async function deliverWebhook(
  target: { url: string; secret: string },
  deliveryId: string,
  body: string,
  options: { timeoutMs?: number; now?: Date; fetch?: typeof fetch } = {},
): Promise<DeliveryOutcome> {
  const { timeoutMs = 10_000, now = new Date(), fetch: send = fetch } = options;
  let response: Response;
  try {
    response = await send(target.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': deliveryId,
        'X-GovBot-Delivery': deliveryId,
        'X-GovBot-Signature': signatureHeader(target.secret, body, now),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, error: describeFailure(error, timeoutMs) };
  }
  // Read the answer to the end, so the connection can be reused; a receiver's reason helps the operator.
  const answer = await response.text().catch(() => '');
  if (response.status >= 200 && response.status < 300) return { ok: true };
  const reason = answer.replace(/\s+/g, ' ').trim().slice(0, 200);
  return { ok: false, error: `HTTP ${response.status}${reason ? `: ${reason}` : ''}`, status: response.status };
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  // fetch reports "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a TLS error) is in its cause.
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? `${cause.code}: ` : '';
    return `${code}${cause.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

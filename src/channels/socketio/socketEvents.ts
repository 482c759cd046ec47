import type { ClientToServerEvents } from './protocol.js';

/** Where an `error` event goes: the widget's socket, or an agent console's. */
interface ErrorEmitter {
  emit(event: 'error', error: { code: string; message: string }): unknown;
}

/**
 * The payload and the acknowledgement of an event: the acknowledgement is the last argument (Socket.IO puts it
 * there, after whatever else a client sent), the payload the first unless that is the acknowledgement (an event sent
 * without payload). Without an acknowledgement, replies go nowhere.
 */
export function payloadAndReply<A>(args: unknown[]): { payload: unknown; reply: (result: A) => void } {
  const last = args.at(-1);
  const ack = typeof last === 'function' ? last : undefined;
  const first = args[0];
  return {
    payload: typeof first === 'function' ? undefined : first,
    reply: (result) => {
      ack?.(result);
    },
  };
}

/** The events a widget may send (`ClientToServerEvents`). */
export const CLIENT_EVENTS: ReadonlySet<string> = new Set<keyof ClientToServerEvents>([
  'activity',
  'history',
  'typing',
  'erase',
]);

/**
 * Answers an event that is not part of the protocol (the `known` events pass; by default the widget's): Socket.IO
 * drops events nobody listens to without a word, and a client with a typo or an older protocol would wait for an
 * acknowledgement forever. It gets `unknown_event` instead: in its acknowledgement, or as an `error` event. Both
 * namespaces, the widget's and the agent console's, answer the same way.
 */
export function refuseUnknownEvent(
  socket: ErrorEmitter,
  event: string,
  last: unknown,
  known: ReadonlySet<string> = CLIENT_EVENTS,
): void {
  if (known.has(event)) return;
  const refusal = { ok: false, error: 'unknown_event' } as const;
  if (typeof last === 'function') last(refusal);
  else socket.emit('error', { code: 'unknown_event', message: `Unknown event: ${event.slice(0, 100)}` });
}

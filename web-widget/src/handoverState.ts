import type { ServerActivity } from '../../src/channels/socketio/protocol.js';
import { isRecord, oneOf, text } from './values.js';

/** Where a handover to the service centre stands, as the status line shows it. */
export interface HandoverState {
  state: 'queued' | 'connected' | 'ended' | 'unavailable';
  position?: number;
  waitSeconds?: number;
  agentName?: string;
}

/** The name of the `event` activity that moves the citizen's place in the queue (it has no text). */
export const HANDOVER_EVENT = 'govbot.handover';

const STATES = ['queued', 'connected', 'ended', 'unavailable'] as const;

/** Button values the bot understands: ask for a person, stop waiting for one. */
export const REQUEST_HANDOVER = { action: 'handover' } as const;
export const CANCEL_HANDOVER = { action: 'handover', op: 'cancel' } as const;

/**
 * The handover state an activity announces: a bot message's `channelData.govbot.handover` or the value of a
 * `govbot.handover` event. Undefined for every other activity.
 */
export function handoverStateOf(activity: ServerActivity): HandoverState | undefined {
  const raw: unknown =
    activity.type === 'event'
      ? activity.name === HANDOVER_EVENT && activity.value
      : activity.channelData?.govbot?.handover;
  if (!isRecord(raw)) return undefined;
  const state = oneOf(raw.state, STATES);
  if (!state) return undefined;
  return {
    state,
    position: whole(raw.position),
    waitSeconds: whole(raw.waitSeconds),
    agentName: text(raw.agentName),
  };
}

/** True while the citizen waits for or talks to a person. */
export function isHandoverActive(handover: HandoverState | undefined): boolean {
  return handover?.state === 'queued' || handover?.state === 'connected';
}

/** The name of the service-centre person who wrote (or is typing) this activity; undefined for the bot. */
export function agentNameOf(activity: ServerActivity): string | undefined {
  const agent: unknown = activity.channelData?.govbot?.agent;
  return isRecord(agent) ? text(agent.name) : undefined;
}

/** True for the value of a "stop waiting" button. */
export function isCancelHandover(value: unknown): boolean {
  return isRecord(value) && value.action === CANCEL_HANDOVER.action && value.op === CANCEL_HANDOVER.op;
}

function whole(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

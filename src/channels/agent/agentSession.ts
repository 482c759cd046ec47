import type { Namespace, Socket } from 'socket.io';
import type { z } from 'zod';
import { worksFor } from '../../auth/tenantScope.js';
import type { User } from '../../auth/types.js';
import type { ActionError, ActionResult } from '../../handover/HandoverService.js';
import type { Handover } from '../../handover/types.js';
import { payloadAndReply, refuseUnknownEvent } from '../socketio/socketEvents.js';
import type { AgentNamespaceOptions } from './attachAgentNamespace.js';
import { countFor } from './consoleOverview.js';
import { scopeOf, scopeRooms } from './consoleUsers.js';
import {
  type AgentAck,
  type AgentClientEvents,
  type AgentInvalidRequest,
  type AgentOverview,
  type AgentRequest,
  type AgentRequestName,
  AgentRequests,
  type AgentServerEvents,
  type ConversationView,
  handoverView,
} from './protocol.js';

interface AgentSocketData {
  user: User;
}

export type AgentSocket = Socket<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentSocketData>;
export type AgentNamespace = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentSocketData>;

const TRANSCRIPT_LIMIT = 500;
/** The events an agent may send; anything else is answered `unknown_event`. */
const AGENT_EVENTS: ReadonlySet<string> = new Set(Object.keys(AgentRequests));
/** Problems named in an `invalid_request`: enough to find the mistake, not a wall of text. */
const MAX_ISSUES = 5;

/**
 * One console connection of an authenticated agent: it joins the rooms of the agent, their tenants and their chats,
 * and answers the agent's requests (docs/protocol.md), each checked against its schema and, where it names a
 * handover, against the tenants the agent works for.
 */
export function openAgentSession(
  socket: AgentSocket,
  options: AgentNamespaceOptions,
  namespace: AgentNamespace,
  overviewFor: (user: User, openTickets: number) => AgentOverview,
): void {
  const { service } = options;
  // Read at every request: `ConsoleUsers` replaces the user when their tenants change.
  const me = () => socket.data.user;
  const { id: userId, name } = me();
  void socket.join([
    agentRoom(userId),
    ...scopeRooms(me()),
    ...service.connected(userId).map((handover) => handoverRoom(handover.id)),
  ]);
  service.agentConnected({ id: userId, name, tenants: scopeOf(me()) });
  socket.on('disconnect', () => service.agentDisconnected(userId));

  socket.onAny((event: string, ...args: unknown[]) => {
    refuseUnknownEvent(socket, event, args.at(-1), AGENT_EVENTS);
  });
  const on = <N extends AgentRequestName, T extends object>(
    name: N,
    handle: (request: AgentRequest<N>) => Promise<AgentAck<T>>,
  ) => {
    socket.on(name, (async (...args: unknown[]) => {
      const { payload, reply } = payloadAndReply<AgentAck<T> | AgentInvalidRequest>(args);
      // The map pairs each name with its schema; TypeScript cannot see that through the generic index.
      const schema = AgentRequests[name] as unknown as z.ZodType<AgentRequest<N>>;
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        const issues = issuesOf(parsed.error);
        // Without an acknowledgement to answer in (a fire-and-forget `typing`), the console hears it as an error.
        if (typeof args.at(-1) === 'function') reply({ ok: false, error: 'invalid_request', issues });
        else socket.emit('error', { code: 'invalid_request', message: `Invalid ${name}: ${issues.join('; ')}` });
        return;
      }
      try {
        const { handoverId } = parsed.data as { handoverId?: string };
        if (handoverId !== undefined && !(await mayWork(handoverId))) {
          reply({ ok: false, error: 'not_found' });
          return;
        }
        reply(await handle(parsed.data));
      } catch (error) {
        options.logger.error({ err: error, event: name }, 'agent event failed');
        reply({ ok: false, error: 'internal_error' });
      }
    }) as never);
  };

  /**
   * Whether the handover exists and is of a tenant this agent works for, or is their chat: one they took keeps being
   * theirs to finish or pass on when their tenants change.
   */
  const mayWork = async (handoverId: string) => {
    const handover = service.byId(handoverId) ?? (await options.handovers.findHandover(handoverId));
    return handover !== undefined && (worksFor(me(), handover.tenantId) || handover.agentId === userId);
  };

  const conversationView = async (handover: Handover): Promise<ConversationView> => {
    await socket.join(handoverRoom(handover.id));
    const [entries, form, notes] = await Promise.all([
      options.transcripts.listActivities(handover.conversationId, TRANSCRIPT_LIMIT),
      service.form(handover.id),
      options.handovers.listNotes(handover.conversationId),
    ]);
    return {
      handover: handoverView(handover),
      transcript: entries.map((entry) => entry.activity),
      form: form.ok ? (form.value.result ?? null) : null,
      notes,
    };
  };

  on('presence', async ({ status }) => {
    service.setPresence(userId, status);
    return { ok: true };
  });
  on('accept', async ({ handoverId }) => {
    const accepted = await service.accept(me(), handoverId);
    if (!accepted.ok) return failure(accepted);
    return { ok: true, conversation: await conversationView(accepted.value) };
  });
  on('open', async ({ handoverId }): Promise<AgentAck<{ conversation: ConversationView }>> => {
    const handover = await options.handovers.findHandover(handoverId);
    if (!handover) return { ok: false, error: 'not_found' };
    const allowed = handover.status === 'queued' || handover.agentId === userId || me().role === 'admin';
    if (!allowed) return { ok: false, error: 'not_yours' };
    return { ok: true, conversation: await conversationView(handover) };
  });
  on('message', async ({ handoverId, text }) => done(await service.agentMessage(me(), handoverId, text)));
  on('typing', async ({ handoverId }) => {
    service.agentTyping(me(), handoverId);
    return { ok: true };
  });
  on('note', async ({ handoverId, text }) => {
    const note = await service.addNote(me(), handoverId, text);
    return note.ok ? { ok: true, note: note.value } : failure(note);
  });
  on('transfer', async ({ handoverId, agentId }) => {
    const tenantId = service.byId(handoverId)?.tenantId;
    const target = await options.users.findUser(agentId);
    if (tenantId !== undefined && target !== undefined && !worksFor(target, tenantId)) {
      return { ok: false, error: 'not_their_tenant' };
    }
    const moved = await service.transfer(me(), handoverId, agentId);
    if (moved.ok) namespace.in(agentRoom(userId)).socketsLeave(handoverRoom(handoverId));
    return done(moved);
  });
  on('end', async ({ handoverId, outcome, resumeAt }) => {
    const ended = await service.end(me(), handoverId, { outcome, resumeAt });
    return done(ended);
  });
  on('correctField', async ({ handoverId, path, value }) => {
    const corrected = await service.correctField(me(), handoverId, path, value);
    if (!corrected.ok) return failure(corrected);
    return corrected.value.ok
      ? { ok: true, form: corrected.value.form }
      : { ok: false, error: corrected.value.problem };
  });

  void options.tickets
    .listTickets({ status: 'open' })
    .then((tickets) => socket.emit('overview', overviewFor(me(), countFor(me(), tickets))))
    .catch((error: unknown) => options.logger.error({ err: error }, 'agent overview failed'));
}

/** zod's problems as `path: message` lines (`(payload)` for the payload as a whole). */
function issuesOf(error: z.ZodError): string[] {
  return error.issues
    .slice(0, MAX_ISSUES)
    .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`.slice(0, 200));
}

/** The room of every console of one agent. */
export function agentRoom(agentId: string): string {
  return `agent:${agentId}`;
}

/** The room of the consoles that follow one chat. */
export function handoverRoom(handoverId: string): string {
  return `handover:${handoverId}`;
}

function done(result: ActionResult): AgentAck {
  return result.ok ? { ok: true } : failure(result);
}

function failure(result: { ok: false; error: ActionError }): { ok: false; error: string } {
  return { ok: false, error: result.error };
}

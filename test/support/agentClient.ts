import { io, type Socket } from 'socket.io-client';
import { hashPassword } from '../../src/auth/passwords.js';
import type { StaffRole } from '../../src/auth/types.js';
import type { AgentClientEvents, AgentOverview, AgentServerEvents } from '../../src/channels/agent/protocol.js';
import type { Storage } from '../../src/storage/repositories.js';

type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;
/** The acknowledgement a client event gets. */
type AckOf<N extends keyof AgentClientEvents> = Parameters<NonNullable<Parameters<AgentClientEvents[N]>[1]>>[0];
type EventName = keyof AgentServerEvents;
type EventPayload<N extends EventName> = Parameters<AgentServerEvents[N]>[0];

/** A service-centre agent reduced to the protocol: logs in over HTTP, connects to `/agent`, waits for events. */
export class AgentClient {
  private readonly events: { name: EventName; payload: unknown }[] = [];
  private waiters: { name: EventName; predicate: (payload: unknown) => boolean; resolve: (p: unknown) => void }[] = [];

  private constructor(
    readonly socket: AgentSocket,
    readonly cookie: string,
    readonly csrfToken: string,
  ) {
    socket.onAny((name: EventName, payload: unknown) => {
      this.events.push({ name, payload });
      this.waiters = this.waiters.filter((waiter) => {
        if (waiter.name !== name || !waiter.predicate(payload)) return true;
        waiter.resolve(payload);
        return false;
      });
    });
  }

  /** Creates a staff user with this name and role (working for `tenants`, default `default`) in the bot's storage. */
  static async createUser(
    storage: Storage,
    name: string,
    role: StaffRole = 'agent',
    password = 'correct horse battery',
    tenants?: string[],
  ) {
    return storage.users.createUser({ name, role, passwordHash: await hashPassword(password), tenants });
  }

  /** The payloads of the events `name` received so far, oldest first. */
  received<N extends EventName>(name: N): EventPayload<N>[] {
    return this.events.filter((event) => event.name === name).map((event) => event.payload as EventPayload<N>);
  }

  static async login(url: string, name: string, password = 'correct horse battery'): Promise<AgentClient> {
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    if (!response.ok) throw new Error(`login failed: ${response.status}`);
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const socket: AgentSocket = io(`${url}/agent`, {
      auth: { csrfToken },
      extraHeaders: { Cookie: cookie },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const client = new AgentClient(socket, cookie, csrfToken);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return client;
  }

  /** The first event `name` (already received or coming) that satisfies `predicate`. */
  waitFor<N extends EventName>(
    name: N,
    predicate: (payload: EventPayload<N>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<EventPayload<N>> {
    const test = predicate as (payload: unknown) => boolean;
    const seen = this.events.find((event) => event.name === name && test(event.payload));
    if (seen) return Promise.resolve(seen.payload as EventPayload<N>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${name} event within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        name,
        predicate: test,
        resolve: (payload) => {
          clearTimeout(timer);
          resolve(payload as EventPayload<N>);
        },
      });
    });
  }

  /** The next overview in which `predicate` holds. */
  overview(predicate: (overview: AgentOverview) => boolean = () => true): Promise<AgentOverview> {
    return this.waitFor('overview', predicate);
  }

  /** Sends a client event and returns its acknowledgement. */
  request<N extends keyof AgentClientEvents>(name: N, payload: unknown): Promise<AckOf<N>> {
    // biome-ignore lint/suspicious/noExplicitAny: Socket.IO's typed emitWithAck cannot follow the generic name.
    return (this.socket.timeout(10_000) as any).emitWithAck(name, payload);
  }

  close(): void {
    this.socket.disconnect();
  }
}

import type { Namespace } from 'socket.io';
import { tenantsOf } from '../../auth/tenantScope.js';
import type { User } from '../../auth/types.js';
import type { TenantScope } from '../../handover/AgentPresence.js';
import type { Logger } from '../../logger.js';
import type { UserRepository } from '../../storage/repositories.js';

/** The roles that may use the agent console. */
export const AGENT_ROLES: ReadonlySet<string> = new Set(['agent', 'admin']);

/** The room of every admin's console: admins work for every tenant. */
export const EVERY_TENANT_ROOM = 'tenants:all';

/** The consoles of the agents who work for a tenant; admins' consoles are in `EVERY_TENANT_ROOM`. */
export function tenantRoom(tenantId: string): string {
  return `tenant:${tenantId}`;
}

/** The tenant rooms a user's consoles are in. */
export function scopeRooms(user: User): string[] {
  return user.role === 'admin' ? [EVERY_TENANT_ROOM] : user.tenants.map(tenantRoom);
}

/** The tenants a user's presence counts for: `tenantsOf` as presence announces it (`all` for an admin). */
export function scopeOf(user: User): TenantScope {
  return tenantsOf(user) ?? 'all';
}

interface ConsoleSocket {
  data: { user: User };
  leave(room: string): unknown;
  join(rooms: string[]): unknown;
  disconnect(close?: boolean): unknown;
}

export interface ConsoleUsersOptions {
  namespace: Pick<Namespace, 'sockets'>;
  users: Pick<UserRepository, 'findUser'>;
  /** Tells presence an agent's tenants changed. */
  rescoped(userId: string, tenants: TenantScope): void;
  /** Something a console shows changed: push the overviews. */
  changed(): void;
  logger: Logger;
  refreshMs?: number;
}

const DEFAULT_REFRESH_MS = 30_000;

/**
 * Keeps the users of connected consoles current (docs/tenants.md): reads them again every `refreshMs`, as the tenant
 * directory reads the tenants, so that `govbot user tenants` reaches an open console within that time. A user whose
 * tenants or role changed gets the new tenant rooms, presence and overview; one deleted, or no longer allowed the
 * console, is disconnected.
 */
export class ConsoleUsers {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: ConsoleUsersOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.refresh()
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'agent console: reading users failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.options.refreshMs ?? DEFAULT_REFRESH_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Reads every connected user again and applies what changed. */
  async refresh(): Promise<void> {
    const byUser = new Map<string, ConsoleSocket[]>();
    for (const socket of this.options.namespace.sockets.values() as Iterable<ConsoleSocket>) {
      const sockets = byUser.get(socket.data.user.id) ?? [];
      sockets.push(socket);
      byUser.set(socket.data.user.id, sockets);
    }
    let changed = false;
    for (const [id, sockets] of byUser) {
      const fresh = await this.options.users.findUser(id);
      if (!fresh || !AGENT_ROLES.has(fresh.role)) {
        for (const socket of sockets) socket.disconnect(true);
        continue;
      }
      const before = sockets[0]?.data.user;
      if (!before || sameScope(before, fresh)) continue;
      for (const socket of sockets) {
        for (const room of scopeRooms(before)) socket.leave(room);
        socket.data.user = fresh;
        socket.join(scopeRooms(fresh));
      }
      this.options.rescoped(id, scopeOf(fresh));
      this.options.logger.info({ userId: id, tenants: scopeOf(fresh) }, 'agent console: tenants changed');
      changed = true;
    }
    if (changed) this.options.changed();
  }
}

function sameScope(a: User, b: User): boolean {
  return a.role === b.role && a.tenants.join('\n') === b.tenants.join('\n');
}

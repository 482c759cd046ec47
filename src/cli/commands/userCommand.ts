import { z } from 'zod';
import { hashPassword, passwordProblem } from '../../auth/passwords.js';
import { StaffRole, type User, UserName } from '../../auth/types.js';
import { formatTable } from '../../nlu/evaluation/formatTable.js';
import type { Storage } from '../../storage/repositories.js';
import { DEFAULT_TENANT, TenantId } from '../../tenants/types.js';
import { openCommandStorage } from '../openCommandStorage.js';
import { parseOptions } from '../parseOptions.js';

const AddOptions = z.object({
  dataDir: z.string().min(1),
  name: UserName,
  role: StaffRole,
  tenant: z.array(TenantId).default([]),
  passwordStdin: z.boolean().default(false),
});
const ListOptions = z.object({ dataDir: z.string().min(1) });
const TenantsOptions = z.object({ dataDir: z.string().min(1), tenant: z.array(TenantId).default([]) });

/**
 * `govbot user add --name N --role R --password-stdin`: creates a staff user. The password comes from stdin (its
 * final line break dropped), because arguments end up in shell history and process lists.
 */
export async function userAddCommand(
  rawOptions: unknown,
  stdin: AsyncIterable<unknown> = process.stdin,
): Promise<void> {
  const options = parseOptions(AddOptions, rawOptions);
  if (!options.passwordStdin) throw new Error('--password-stdin is required: passwords are never taken from arguments');
  const password = (await readAll(stdin)).replace(/\r?\n$/, '');
  const problem = passwordProblem(password);
  if (problem !== undefined) throw new Error(problem);
  const passwordHash = await hashPassword(password);
  const { storage } = await openCommandStorage(options.dataDir);
  try {
    const tenants = options.tenant.length > 0 ? options.tenant : [DEFAULT_TENANT];
    await checkTenants(storage, tenants);
    const user = await storage.users.createUser({ name: options.name, role: options.role, passwordHash, tenants });
    process.stdout.write(`created ${user.role} ${user.name} for ${describeTenants(user)}\n`);
  } finally {
    await storage.close();
  }
}

/**
 * `govbot user tenants NAME --tenant T...`: the tenants (municipalities) the user works for, replacing the ones they
 * had (docs/tenants.md). Audited as done by `cli`. Running servers apply it to open consoles within 30 seconds.
 */
export async function userTenantsCommand(name: string, rawOptions: unknown): Promise<void> {
  const options = parseOptions(TenantsOptions, rawOptions);
  const { storage } = await openCommandStorage(options.dataDir);
  try {
    const user = await storage.users.findUserByName(name);
    if (!user) throw new Error(`no user named ${name}`);
    await checkTenants(storage, options.tenant);
    await storage.users.setUserTenants(user.id, options.tenant);
    await storage.audit.appendAudit({
      at: new Date().toISOString(),
      actorId: undefined,
      actorName: 'cli',
      action: 'user.tenants',
      conversationId: undefined,
      details: { user: user.name, from: user.tenants, to: [...new Set(options.tenant)].sort() },
    });
    const updated = await storage.users.findUser(user.id);
    process.stdout.write(
      `${name} works for ${updated ? describeTenants(updated) : 'nobody'}; open consoles follow within 30 seconds\n`,
    );
  } finally {
    await storage.close();
  }
}

/** Refuses tenants that do not exist, naming them, before anything is stored. */
async function checkTenants(storage: Storage, tenants: readonly string[]): Promise<void> {
  const known = new Set((await storage.tenants.listTenants()).map((tenant) => tenant.id));
  const unknown = tenants.filter((tenant) => !known.has(tenant));
  if (unknown.length > 0) {
    throw new Error(`unknown tenant ${unknown.join(', ')}: create it first with \`govbot tenant add\``);
  }
}

/** `every tenant` for admins (whatever their memberships), else the tenants' ids, or `no tenant`. */
function describeTenants(user: User): string {
  if (user.role === 'admin') return 'every tenant';
  return user.tenants.length === 0 ? 'no tenant' : user.tenants.join(', ');
}

/** `govbot user list`: the staff users with role, tenants, creation time and lock. */
export async function userListCommand(rawOptions: unknown): Promise<void> {
  const options = parseOptions(ListOptions, rawOptions);
  const { storage } = await openCommandStorage(options.dataDir);
  try {
    process.stdout.write(formatUsers(await storage.users.listUsers(), new Date()));
  } finally {
    await storage.close();
  }
}

function formatUsers(users: User[], now: Date): string {
  if (users.length === 0) return 'no users\n';
  const rows = users.map((user) => [
    user.name,
    user.role,
    describeTenants(user),
    seconds(user.createdAt),
    user.lockedUntil !== undefined && new Date(user.lockedUntil) > now ? `until ${seconds(user.lockedUntil)}` : '',
  ]);
  return `${formatTable(['name', 'role', 'tenants', 'created', 'locked'], rows, [false, false, false, false, false])}\n`;
}

function seconds(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}

async function readAll(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(z.instanceof(Uint8Array).parse(chunk)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

import { z } from 'zod';
import { hashPassword, passwordProblem } from '../../auth/passwords.js';
import { StaffRole, type User, UserName } from '../../auth/types.js';
import { formatTable } from '../../nlu/evaluation/formatTable.js';
import { openCommandStorage } from '../openCommandStorage.js';
import { parseOptions } from '../parseOptions.js';

const AddOptions = z.object({
  dataDir: z.string().min(1),
  name: UserName,
  role: StaffRole,
  passwordStdin: z.boolean().default(false),
});
const ListOptions = z.object({ dataDir: z.string().min(1) });

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
    const user = await storage.users.createUser({ name: options.name, role: options.role, passwordHash });
    process.stdout.write(`created ${user.role} ${user.name}\n`);
  } finally {
    await storage.close();
  }
}

/** `govbot user list`: the staff users with role, creation time and lock. */
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
    seconds(user.createdAt),
    user.lockedUntil !== undefined && new Date(user.lockedUntil) > now ? `until ${seconds(user.lockedUntil)}` : '',
  ]);
  return `${formatTable(['name', 'role', 'created', 'locked'], rows, [false, false, false, false])}\n`;
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

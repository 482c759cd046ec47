import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** A running total of CPU seconds (of a process, a server, the machine); read at the start and end of a window. */
export type CpuReader = () => number | Promise<number>;

/** CPU seconds per second of each reader from `skipMs` from now for `durationMs` (a warm-up, then the window). */
export async function coresDuring<K extends string>(
  readers: Record<K, CpuReader>,
  skipMs: number,
  durationMs: number,
): Promise<Record<K, number>> {
  const names = Object.keys(readers) as K[];
  const readAll = () => Promise.all(names.map((name) => readers[name]()));
  await sleep(skipMs);
  const before = await readAll();
  const from = performance.now();
  await sleep(durationMs);
  const after = await readAll();
  // The timer fires late on a busy machine: per second of the window as it was, not as it was asked for.
  const seconds = (performance.now() - from) / 1000;
  return Object.fromEntries(names.map((name, i) => [name, ((after[i] ?? 0) - (before[i] ?? 0)) / seconds])) as Record<
    K,
    number
  >;
}

/** utime + stime of a process from /proc (fields 14 and 15, after the parenthesised command name). */
export function processCpuSeconds(pid: number): number {
  const fields = statFields(pid);
  if (!fields) throw new Error(`process ${pid} has ended`);
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

/**
 * A process and all its children (a PostgreSQL server: the postmaster and a backend per connection): its own time,
 * the time of the children it has waited for (cutime, cstime) and that of the children still running.
 */
export function processTreeCpuSeconds(pid: number): number {
  const own = statFields(pid);
  if (!own) throw new Error(`process ${pid} has ended`);
  const ticks = own.slice(11, 15).reduce((total, field) => total + Number(field), 0);
  let children = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === pid) children += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks + children) / clockTicks();
}

/**
 * CPU seconds the whole machine has spent busy (user, nice, system, irq, softirq, steal: the first line of
 * /proc/stat), whoever's work it was.
 */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (
    [user, nice, system, irq, softirq, steal].reduce<number>((total, value) => total + (value ?? 0), 0) / clockTicks()
  );
}

/** The fields of /proc/<pid>/stat after the command name (field 3, the state, first); undefined once it ended. */
function statFields(pid: number): string[] | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

let ticks: number | undefined;

function clockTicks(): number {
  ticks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticks;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import type { ClusterFigures, SetupFigures } from './clusterBench.js';
import { chatRows, closedHeading, type Heads, pacedHeading, sideBySide } from './loadReport.js';

export const CLUSTER_HEADING = '## Several instances (PostgreSQL and Redis)';
const COMMAND = 'bash scripts/test-postgres.sh bash scripts/test-redis.sh node dist/bench/run.js --only cluster';
const HEADS: Heads = { first: 'one instance', second: 'two instances', ratio: 'two / one', inverse: true };

/** The cluster part's section of docs/benchmarks.md, as Markdown. */
export function renderCluster(figures: ClusterFigures): string {
  const { machine, settings, one, two } = figures;
  const meters = figures.meters.join(' and ');
  return [
    CLUSTER_HEADING,
    '',
    `\`${COMMAND}\` (after \`npm run build\`) on ${machine.date} (commit ${machine.commit}): ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${figures.postgres}, ${figures.redis}, load average ${machine.loadAverage.toFixed(2)} at the start and ${figures.loadAtEnd.toFixed(2)} at the end; the run took ${figures.durationS.toFixed(0)} s.`,
    '',
    `GovBot as in the chat load part (the real bot, silent logs, rate limits off), but on PostgreSQL (\`DATABASE_URL\`) and Redis (\`REDIS_URL\`: Socket.IO's Redis adapter, a Redis lock around each conversation's turn): one instance, and two instances on the same schema and the same Redis prefix, each in a child process of its own. ${figures.generators} load generator processes spread the citizens evenly over the instances' addresses (citizen n connects to instance n mod 2), as a round-robin load balancer would. Every measurement gets fresh instances, a fresh schema (seeded with the catalogue, the intents and a trained model) and a fresh Redis prefix; one instance and two take turns. The citizens ask the same ${figures.questions.toLocaleString('en-US')} questions as in the chat load part; latency, lost (no answer within ${settings.timeoutMs / 1000} s) and duplicated as there. "Server": the GovBot instances together (CPU and memory added up, event loop waiting their mean). ${meters} CPU: ${meterSources(figures.meters)}. Whole machine: /proc/stat, every process, the load generators' and other work on the machine included.`,
    '',
    ...closedHeading(settings.closed),
    ...sideBySide(chatRows(one.closed, two.closed), HEADS),
    ...pacedHeading(settings.paced),
    ...sideBySide(chatRows(one.paced, two.paced), HEADS),
    '### Reading',
    '',
    ...reading(figures),
    '',
  ].join('\n');
}

/** What the part prints when PostgreSQL or Redis is missing. */
export function renderClusterSkipped(reason: string): string {
  return [CLUSTER_HEADING, '', `Skipped: ${reason}`, ''].join('\n');
}

function meterSources(meters: string[]): string {
  const sources: Record<string, string> = {
    PostgreSQL: 'the postmaster and its backends, from /proc (the server runs on this machine)',
    Redis: '`INFO cpu`',
  };
  return meters.map((name) => `${name}: ${sources[name] ?? 'measured'}`).join('; ');
}

function reading(figures: ClusterFigures): string[] {
  const { one, two, sqlite, machine } = figures;
  const rate = (value: number) => Math.round(value).toLocaleString('en-US');
  const ms = (value: number) => value.toFixed(2);
  const perQuestion = (setup: SetupFigures) => (setup.closed.server.cores / setup.closed.answeredPerS) * 1000;
  const withBacking = (setup: SetupFigures) => {
    const backing = Object.values(setup.closed.cores.meters).reduce((total, cores) => total + cores, 0);
    return ((setup.closed.server.cores + backing) / setup.closed.answeredPerS) * 1000;
  };
  const busy = (setup: SetupFigures) => setup.closed.cores.machine;
  const saturated = busy(two) >= 0.9 * machine.cores;
  const lost = [one, two].reduce((total, s) => total + s.closed.lost + s.paced.lost, 0);
  const duplicated = [one, two].reduce((total, s) => total + s.closed.duplicated + s.paced.duplicated, 0);
  const backing =
    figures.meters.length > 0
      ? ` (with ${figures.meters.join(' and ')}: ${ms(withBacking(one))} and ${ms(withBacking(two))} ms)`
      : '';
  return [
    `- **Throughput (b):** two instances answered ${rate(two.closed.answeredPerS)} questions/s, one instance ${rate(one.closed.answeredPerS)}/s: ${(two.closed.answeredPerS / one.closed.answeredPerS).toFixed(2)}× (p99 ${fmtMs(two.closed.p99Ms)} against ${fmtMs(one.closed.p99Ms)}).`,
    `- **Latency at a fixed load (a):** p50 ${fmtMs(one.paced.p50Ms)} / p99 ${fmtMs(one.paced.p99Ms)} with one instance, ${fmtMs(two.paced.p50Ms)} / ${fmtMs(two.paced.p99Ms)} with two.`,
    `- **CPU per answered question in (b):** GovBot ${ms(perQuestion(one))} ms with one instance, ${ms(perQuestion(two))} ms with two${backing}; the two instances used ${split(two.closed)}.`,
    ...(sqlite
      ? [
          `- **Against SQLite:** in the same run, one instance on SQLite without Redis (as in the chat load part) answered ${rate(sqlite.answeredPerS)} questions/s in (b), p99 ${fmtMs(sqlite.p99Ms)}, at ${ms((sqlite.server.cores / sqlite.answeredPerS) * 1000)} ms of CPU per question: one instance on PostgreSQL and Redis answers ${(one.closed.answeredPerS / sqlite.answeredPerS).toFixed(2)}× as many, two ${(two.closed.answeredPerS / sqlite.answeredPerS).toFixed(2)}×.`,
        ]
      : []),
    `- **The machine in (b):** busy ${busy(one).toFixed(2)} of its ${machine.cores} cores with one instance, ${busy(two).toFixed(2)} with two${saturated ? ': saturated, so the second instance took its CPU from the first, the load generators, PostgreSQL and Redis' : ''}.`,
    `- **Lost and duplicated** (all four measurements): ${lost.toLocaleString('en-US')} lost, ${duplicated.toLocaleString('en-US')} duplicated.`,
    `- **A fair comparison?** On this ${machine.cores}-core machine the load generators, PostgreSQL, Redis and the instances all share the same cores. The two-instance figure shows what a second instance costs (a second process, messages between instances through Redis) and how much headroom the machine had left; it is not a measurement of scale-out to machines of their own, where each instance would have its cores to itself.${figures.postgres.includes('fsync off') ? ' PostgreSQL ran without fsync (a throwaway server): where it waits for its disk, each commit takes longer, though it costs little more CPU.' : ''}`,
  ];
}

/** How the instances shared the CPU: "0.45 and 0.47 cores (even)". */
function split(figures: SetupFigures['closed']): string {
  const cores = figures.servers.map((usage) => usage.cores);
  const even = Math.min(...cores) >= 0.85 * Math.max(...cores);
  return `${cores.map((value) => value.toFixed(2)).join(' and ')} cores (${even ? 'an even split' : 'uneven'})`;
}

function fmtMs(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'lost';
}

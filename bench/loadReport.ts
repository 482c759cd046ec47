import type { ChatLoadFigures } from './chatLoad.js';
import type { IdleFigures, LoadFigures } from './loadBench.js';
import { formatValue, ratio } from './tables.js';

export type Unit = 'count' | 'ms' | 'mb' | 'kb' | 'cores' | 's' | 'share';

/** One figure for the first server (GovBot) and, where it has one, the second (the echo server, another setup). */
export interface Row {
  label: string;
  unit: Unit;
  first: number | undefined;
  second?: number | undefined;
}

/** The heads of a side-by-side table's columns, and which way its ratio goes. */
export interface Heads {
  first: string;
  second: string;
  ratio: string;
  /** The ratio is second / first (else first / second). */
  inverse?: boolean;
}

const AGAINST_ECHO: Heads = { first: 'GovBot', second: 'echo server', ratio: 'GovBot / echo' };

/** The load part's section of docs/benchmarks.md, as Markdown. */
export function renderLoad(figures: LoadFigures): string {
  const { machine, settings, paced, closed, botFramework: bf, idle } = figures;
  return [
    '## Chat load (Socket.IO widget protocol and Bot Framework endpoint)',
    '',
    `\`npm run bench -- --only load\` on ${machine.date} (commit ${machine.commit}): ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage.toFixed(2)} at the start and ${figures.loadAtEnd.toFixed(2)} at the end; the run took ${figures.durationS.toFixed(0)} s.`,
    '',
    `GovBot (the real bot: NLU, SQLite in a fresh data directory, silent logs) and a bare Socket.IO echo server speaking the same events (session, acknowledgement, one answer) each run in a child process; ${figures.generators} load generator process${figures.generators === 1 ? '' : 'es'} drive them with socket.io-client over WebSocket. The citizens ask ${figures.questions.toLocaleString('en-US')} real questions in turn (the development questions of \`default-catalogue-dev.tsv\` and the service intents' utterances in \`intents/\`, German and English, one in ${settings.outOfScopeEvery} out of scope), each citizen starting elsewhere in the list. Latency: question sent → first bot message whose \`replyToId\` is the question's client id. Lost: no answer within ${settings.timeoutMs / 1000} s (a percentile that falls on such a question shows as "lost"); duplicated: a question answered again after another turn's messages. Memory: the server process after a full garbage collection.`,
    '',
    ...pacedHeading(settings.paced),
    ...sideBySide(chatRows(paced.govbot, paced.echo), AGAINST_ECHO),
    ...closedHeading(settings.closed),
    ...sideBySide(chatRows(closed.govbot, closed.echo), AGAINST_ECHO),
    '#### The floor server beside the echo server',
    '',
    "The least any bot must do for a question, in a third fresh process with the same citizens and questions (`bench/floorServer.ts`): store the citizen's message in GovBot's SQLite transcript (group commit) before acknowledging it, read it with GovBot's trained understanding, store the answer and send it; no conversation state, dialogs, botbuilder, validation, metrics or logs.",
    '',
    ...sideBySide(chatRows(closed.floor, closed.echo), {
      first: 'floor server',
      second: 'echo server',
      ratio: 'floor / echo',
    }),
    `### Bot Framework endpoint: ${bf.conversations} conversations, each posting as soon as answered`,
    '',
    `\`POST /api/messages\` without credentials (local mode); the replies go to a local sink given as \`serviceUrl\` (in the benchmark process). ${settings.botFramework.durationMs / 1000} s measured after ${settings.botFramework.warmUpMs / 1000} s of warm-up; latency: POST → first reply at the sink.`,
    '',
    '| | GovBot |',
    '|---|---:|',
    ...[
      row('activities answered/s', 'count', bf.answeredPerS),
      row('latency p50 (ms)', 'ms', bf.p50Ms),
      row('latency p99 (ms)', 'ms', bf.p99Ms),
      row('latency max (ms)', 'ms', bf.maxMs),
      row('activities posted', 'count', bf.asked),
      row('lost', 'count', bf.lost),
      row('duplicated', 'count', bf.duplicated),
      row('POSTs failed (not 2xx)', 'count', bf.failed),
      row('server CPU (cores)', 'cores', bf.server.cores),
      row('server CPU per answered activity (ms)', 'cores', (bf.server.cores / bf.answeredPerS) * 1000),
      row('server event loop waiting for a CPU', 'share', bf.server.waiting),
    ].map((r) => `| ${r.label} | ${format(r.first, r.unit)} |`),
    '',
    `### Memory per idle connection`,
    '',
    'Widget sockets that connected (GovBot: new conversations, each with its welcome turn stored) and then stay idle; fresh server processes.',
    '',
    ...sideBySide(idleRows(idle.govbot, idle.echo), AGAINST_ECHO),
    '### Targets (on a 2-core machine)',
    '',
    ...targets(figures),
    '',
  ].join('\n');
}

/** The heading and settings of a measurement (a): citizens asking on a fixed schedule. */
export function pacedHeading(paced: { citizens: number; everyMs: number; warmUpMs: number; durationMs: number }) {
  const offered = (paced.citizens * 1000) / paced.everyMs;
  return [
    `### (a) Latency at a fixed load: ${paced.citizens.toLocaleString('en-US')} citizens, each asking every ${paced.everyMs / 1000} s (${offered} questions/s offered)`,
    '',
    `${paced.durationMs / 1000} s measured after ${paced.warmUpMs / 1000} s of warm-up; a citizen asks on schedule whether or not the last answer has come.`,
    '',
  ];
}

/** The heading and settings of a measurement (b): citizens asking as soon as answered. */
export function closedHeading(closed: { citizens: number; warmUpMs: number; durationMs: number }) {
  return [
    `### (b) The maximum: ${closed.citizens} citizens, each asking as soon as answered`,
    '',
    `${closed.durationMs / 1000} s measured after ${closed.warmUpMs / 1000} s of warm-up.`,
    '',
  ];
}

/** The figures of two chat load runs, side by side. */
export function chatRows(first: ChatLoadFigures, second: ChatLoadFigures): Row[] {
  const both = (label: string, unit: Unit, pick: (f: ChatLoadFigures) => number | undefined): Row => ({
    label,
    unit,
    first: pick(first),
    second: pick(second),
  });
  const meters = [...new Set([...Object.keys(first.cores.meters), ...Object.keys(second.cores.meters)])];
  const measured = (f: ChatLoadFigures) => meters.reduce((total, name) => total + (f.cores.meters[name] ?? 0), 0);
  return [
    both('questions asked/s', 'count', (f) => f.askedPerS),
    both('questions answered/s', 'count', (f) => f.answeredPerS),
    both('latency p50 (ms)', 'ms', (f) => f.p50Ms),
    both('latency p95 (ms)', 'ms', (f) => f.p95Ms),
    both('latency p99 (ms)', 'ms', (f) => f.p99Ms),
    both('latency max (ms)', 'ms', (f) => f.maxMs),
    both('questions asked (warm-up and window)', 'count', (f) => f.asked),
    both('… acknowledged (stored) by the end of the run', 'count', (f) => f.acknowledged),
    both('… lost (no answer within the timeout)', 'count', (f) => f.lost),
    both('… duplicated', 'count', (f) => f.duplicated),
    both('… refused (acknowledged with ok: false)', 'count', (f) => f.rejected),
    both('server CPU (cores)', 'cores', (f) => f.server.cores),
    both('server CPU per answered question (ms)', 'cores', (f) => (f.server.cores / f.answeredPerS) * 1000),
    ...meters.map((name) => both(`${name} CPU (cores)`, 'cores', (f) => f.cores.meters[name])),
    ...(meters.length > 0
      ? [
          both(
            `server + ${meters.join(' + ')} CPU per answered question (ms)`,
            'cores',
            (f) => ((f.server.cores + measured(f)) / f.answeredPerS) * 1000,
          ),
        ]
      : []),
    both('server event loop waiting for a CPU', 'share', (f) => f.server.waiting),
    both('load generators CPU (cores)', 'cores', (f) => f.cores.generators),
    both('load generator busy (event loop)', 'share', (f) => f.generatorUtilization),
    both('whole machine busy (cores, any process)', 'cores', (f) => f.cores.machine),
    both('server RSS before (MB)', 'mb', (f) => f.memoryBefore.rssMb),
    both('… after', 'mb', (f) => f.memoryAfter.rssMb),
    both('server heap used before (MB)', 'mb', (f) => f.memoryBefore.heapUsedMb),
    both('… after', 'mb', (f) => f.memoryAfter.heapUsedMb),
    both('connecting the citizens (s)', 's', (f) => f.connectS),
  ];
}

function idleRows(govbot: IdleFigures, echo: IdleFigures): Row[] {
  const rows: Row[] = [
    { label: 'RSS, no connection (MB)', unit: 'mb', first: govbot.baseline.rssMb, second: echo.baseline.rssMb },
    {
      label: 'heap used, no connection (MB)',
      unit: 'mb',
      first: govbot.baseline.heapUsedMb,
      second: echo.baseline.heapUsedMb,
    },
  ];
  govbot.steps.forEach((step, i) => {
    const other = echo.steps[i];
    const n = step.sockets.toLocaleString('en-US');
    const per = (figures: IdleFigures, s: IdleFigures['steps'][number] | undefined, key: 'rssMb' | 'heapUsedMb') =>
      s && ((s.memory[key] - figures.baseline[key]) * 1024) / s.sockets;
    rows.push(
      { label: `RSS with ${n} (MB)`, unit: 'mb', first: step.memory.rssMb, second: other?.memory.rssMb },
      {
        label: `RSS per connection at ${n} (KB)`,
        unit: 'kb',
        first: per(govbot, step, 'rssMb'),
        second: per(echo, other, 'rssMb'),
      },
      {
        label: `heap per connection at ${n} (KB)`,
        unit: 'kb',
        first: per(govbot, step, 'heapUsedMb'),
        second: per(echo, other, 'heapUsedMb'),
      },
      { label: `connecting up to ${n} (s)`, unit: 's', first: step.connectS, second: other?.connectS },
    );
  });
  return rows;
}

function targets(figures: LoadFigures): string[] {
  const { paced, closed, botFramework: bf } = figures;
  const met = (ok: boolean) => (ok ? '**met**' : '**not met**');
  const count = (value: number) => value.toLocaleString('en-US');
  const share = closed.govbot.answeredPerS / closed.echo.answeredPerS;
  const lost = paced.govbot.lost + closed.govbot.lost + bf.lost;
  const duplicated = paced.govbot.duplicated + closed.govbot.duplicated + bf.duplicated;
  const asked = paced.govbot.asked + closed.govbot.asked;
  const acknowledged = paced.govbot.acknowledged + closed.govbot.acknowledged;
  const p99 = paced.govbot.p99Ms;
  const generatorBound = closed.echo.generatorUtilization >= 0.9;
  return [
    `- p99 < 50 ms in (a): ${Number.isFinite(p99) ? `${p99.toFixed(1)} ms` : `more than 1 % of the questions got no answer within ${figures.settings.timeoutMs / 1000} s`} (echo server: ${format(paced.echo.p99Ms, 'ms')} ms) — ${met(p99 < 50)}.`,
    `- ≥ 1,000 answered questions/s in (b): ${count(Math.round(closed.govbot.answeredPerS))}/s, on ${format(closed.govbot.server.cores, 'cores')} cores (its event loop waited for a CPU ${format(closed.govbot.server.waiting, 'share')} of the time) — ${met(closed.govbot.answeredPerS >= 1000)}.`,
    `- ≥ 30 % of the echo server in (b): ${(share * 100).toFixed(1)} %${generatorBound ? ` (the load generator was busy ${format(closed.echo.generatorUtilization, 'share')} of the echo run: the echo figure is the generator's limit, GovBot's true share at most this)` : ''} — ${met(share >= 0.3)}. ${floorReach(figures)}`,
    `- No lost or duplicated message (GovBot: (a), (b) and Bot Framework): ${count(lost)} lost, ${count(duplicated)} duplicated; ${count(acknowledged)} of ${count(asked)} widget questions acknowledged (stored) — ${met(lost + duplicated === 0)}.`,
  ];
}

/**
 * What the floor server says of the share of the echo server any bot can reach here: its own share on one event loop,
 * and the most it could answer if its work per question spread without loss over all the machine's cores, beside the
 * load generators' work per question (both as measured in its run).
 */
function floorReach(figures: LoadFigures): string {
  const { floor, echo } = figures.closed;
  const perQuestion = (cores: number) => cores / floor.answeredPerS;
  const spread = figures.machine.cores / (perQuestion(floor.server.cores) + perQuestion(floor.cores.generators));
  const percent = (rate: number) => `${((rate / echo.answeredPerS) * 100).toFixed(1)} %`;
  return `The floor server (the least a bot must do) answered ${Math.round(floor.answeredPerS).toLocaleString('en-US')}/s, ${percent(floor.answeredPerS)} of the echo server, at ${format(perQuestion(floor.server.cores) * 1000, 'cores')} ms of CPU per question; spread without loss over all ${figures.machine.cores} cores beside its load generators (${format(perQuestion(floor.cores.generators) * 1000, 'cores')} ms per question) it would answer at most ${Math.round(spread).toLocaleString('en-US')}/s, ${percent(spread)}.`;
}

/** A Markdown table of rows: the first figure, the second and their ratio. */
export function sideBySide(rows: Row[], heads: Heads): string[] {
  const quotient = (r: Row) => {
    if (!finite(r.first) || !finite(r.second)) return '—';
    return heads.inverse ? ratio(r.second, r.first) : ratio(r.first, r.second);
  };
  return [
    `| | ${heads.first} | ${heads.second} | ${heads.ratio} |`,
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.label} | ${format(r.first, r.unit)} | ${format(r.second, r.unit)} | ${quotient(r)} |`),
    '',
  ];
}

function finite(value: number | undefined): boolean {
  return value !== undefined && Number.isFinite(value);
}

function row(label: string, unit: Unit, govbot: number): Row {
  return { label, unit, first: govbot };
}

/**
 * Counts and rates as whole numbers, times and sizes to a tenth, cores and seconds to a hundredth; a percentile that
 * falls on questions never answered as "lost".
 */
export function format(value: number | undefined, unit: Unit): string {
  const shapes = {
    count: 'rate',
    ms: 'mb',
    mb: 'mb',
    kb: 'mb',
    cores: 'seconds',
    s: 'seconds',
    share: 'percent',
  } as const;
  if (value === Number.POSITIVE_INFINITY) return 'lost';
  return formatValue(value, shapes[unit]);
}

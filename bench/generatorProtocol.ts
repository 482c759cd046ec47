// The messages between the benchmark and its load generator processes (`loadGenerator.ts`).
import { z } from 'zod';

/** A question a simulated citizen asks, with the locale the widget sends. */
export const LoadQuestion = z.object({ text: z.string(), locale: z.string() });
export type LoadQuestion = z.infer<typeof LoadQuestion>;

/** How citizens ask: every `everyMs` whatever happens (a fixed offered load), or as soon as they are answered. */
const Pace = z.union([z.object({ everyMs: z.number().positive() }), z.literal('closed')]);

/** What one load generator process does; its first message. */
export const GeneratorTask = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('chat'),
    /** The servers' addresses: citizen n connects to `urls[n % urls.length]`, as a round-robin load balancer would. */
    urls: z.array(z.string()).min(1),
    /** This generator's citizens are `firstCitizen` … `firstCitizen + citizens - 1` of `totalCitizens`. */
    citizens: z.number().int().positive(),
    firstCitizen: z.number().int().min(0),
    totalCitizens: z.number().int().positive(),
    pace: Pace,
    warmUpMs: z.number().min(0),
    durationMs: z.number().positive(),
    /** A question not answered within this time is lost. */
    timeoutMs: z.number().positive(),
    /** Wait for the welcome message after `session` (GovBot sends one to a new conversation, the echo server none). */
    expectWelcome: z.boolean(),
    questions: z.array(LoadQuestion).min(1),
  }),
  z.object({ kind: z.literal('idle'), url: z.string(), expectWelcome: z.boolean() }),
]);
export type GeneratorTask = z.infer<typeof GeneratorTask>;
export type ChatTask = Extract<GeneratorTask, { kind: 'chat' }>;

/** What the parent tells a generator: start asking (chat), hold this many sockets (idle), disconnect. */
export const GeneratorCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('go') }),
  z.object({ type: z.literal('hold'), sockets: z.number().int().positive() }),
  z.object({ type: z.literal('close') }),
]);
export type GeneratorCommand = z.infer<typeof GeneratorCommand>;

/** What a chat run counted. */
export const Counts = z.object({
  asked: z.number(),
  askedInWindow: z.number(),
  answeredInWindow: z.number(),
  /** Acknowledged with `ok: true`: stored by the server. */
  acknowledged: z.number(),
  /** Not answered at all, or answered later than the timeout. */
  lost: z.number(),
  duplicated: z.number(),
  /** Acknowledged with `ok: false`. */
  rejected: z.number(),
});

export const GeneratorReport = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connected'), sockets: z.number(), ms: z.number() }),
  z.object({
    type: z.literal('result'),
    ...Counts.shape,
    /** Question → first answer, for the questions asked in the measured window and answered. */
    latenciesMs: z.array(z.number()),
    /** Questions asked in the window that were never answered. */
    unansweredInWindow: z.number(),
    /** Share of the measured window the generator's event loop was busy: near 1, the generator was the limit. */
    eventLoopUtilization: z.number(),
  }),
]);
export type GeneratorReport = z.infer<typeof GeneratorReport>;

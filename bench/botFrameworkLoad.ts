import { z } from 'zod';
import { ChannelSink } from '../src/conversationTests/ChannelSink.js';
import { AnswerLedger } from './answerLedger.js';
import type { LoadQuestion } from './generatorProtocol.js';
import { percentile } from './measure.js';
import { type ServerProcess, type ServerUsage, untilQuiet, usageDuring } from './serverProcess.js';

export interface BotFrameworkFigures {
  conversations: number;
  asked: number;
  /** Activities answered per second in the window. */
  answeredPerS: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Not answered at the sink within its 10 s. */
  lost: number;
  duplicated: number;
  /** POSTs not answered with a 2xx status. */
  failed: number;
  server: ServerUsage;
}

const Reply = z.object({ replyToId: z.string().optional() });

/**
 * The Bot Framework endpoint in local mode (no credentials): `conversations` channel users each POST an activity to
 * `/api/messages` and the next as soon as the reply has reached the local sink that stands in for the channel's
 * connector (`serviceUrl`). Latency is POST → first reply at the sink. The sink and the clients run in this process,
 * the bot in its own.
 */
export async function benchBotFramework(
  server: ServerProcess,
  options: { conversations: number; warmUpMs: number; durationMs: number; questions: LoadQuestion[] },
): Promise<BotFrameworkFigures> {
  await untilQuiet(server);
  const sink = await ChannelSink.start();
  try {
    const start = performance.now();
    const windowStart = start + options.warmUpMs;
    const windowEnd = windowStart + options.durationMs;
    const latenciesMs: number[] = [];
    let answeredInWindow = 0;
    let failed = 0;
    const asked = new Map<string, string[]>();
    const user = async (c: number) => {
      const conversationId = `bench-${c}`;
      const ids: string[] = [];
      asked.set(conversationId, ids);
      for (let n = 0; performance.now() < windowEnd; n++) {
        const question = options.questions[(c * 37 + n) % options.questions.length];
        const id = `bf${c}-${n}`;
        ids.push(id);
        const from = sink.activities(conversationId).length;
        const at = performance.now();
        const replied = sink
          .waitFor(conversationId, from, (activity) => Reply.safeParse(activity).data?.replyToId === id)
          .then(() => performance.now());
        const posted = post(server.url, activityOf(sink.url, conversationId, id, question));
        try {
          const [status, repliedAt] = await Promise.all([posted, replied]);
          if (status < 200 || status > 299) failed++;
          if (at >= windowStart && at < windowEnd) latenciesMs.push(repliedAt - at);
          if (repliedAt >= windowStart && repliedAt < windowEnd) answeredInWindow++;
        } catch {
          // Lost: counted from the sink below.
        }
      }
    };
    const [usage] = await Promise.all([
      usageDuring(server, options.warmUpMs, options.durationMs),
      ...Array.from({ length: options.conversations }, (_, c) => user(c)),
    ]);
    const { lost, duplicated } = tally(sink, asked);
    return {
      conversations: options.conversations,
      asked: [...asked.values()].reduce((total, ids) => total + ids.length, 0),
      answeredPerS: answeredInWindow / (options.durationMs / 1000),
      p50Ms: percentile(latenciesMs, 50),
      p99Ms: percentile(latenciesMs, 99),
      maxMs: latenciesMs.reduce((max, value) => Math.max(max, value), 0),
      lost,
      duplicated,
      failed,
      server: usage,
    };
  } finally {
    await sink.close();
  }
}

/** Questions without a reply at the sink, and replies repeated after another turn's. */
function tally(sink: ChannelSink, asked: Map<string, string[]>): { lost: number; duplicated: number } {
  let lost = 0;
  let duplicated = 0;
  for (const [conversationId, ids] of asked) {
    const ledger = new AnswerLedger();
    for (const id of ids) ledger.ask(id, 0);
    for (const activity of sink.activities(conversationId)) {
      const replyToId = Reply.safeParse(activity).data?.replyToId;
      if (replyToId) ledger.answer(replyToId);
    }
    lost += ledger.unanswered;
    duplicated += ledger.duplicated;
  }
  return { lost, duplicated };
}

async function post(url: string, activity: object): Promise<number> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await response.arrayBuffer();
  return response.status;
}

function activityOf(serviceUrl: string, conversationId: string, id: string, question: LoadQuestion | undefined) {
  return {
    type: 'message',
    id,
    channelId: 'webchat',
    serviceUrl,
    conversation: { id: conversationId },
    from: { id: `user-${conversationId}`, name: 'Citizen', role: 'user' },
    recipient: { id: 'govbot', name: 'GovBot', role: 'bot' },
    locale: question?.locale ?? 'de-DE',
    text: question?.text ?? 'Hallo',
    timestamp: new Date().toISOString(),
  };
}

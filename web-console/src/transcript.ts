import { isRecord, list, text } from '../../web-widget/src/values.js';

/** Who wrote a message, as the agent needs to tell them apart. */
export type Author = 'citizen' | 'bot' | 'agent';

/** A stored or live activity reduced to what the transcript shows. */
export interface TranscriptMessage {
  id: string | undefined;
  author: Author;
  /** The agent's name for agent messages. */
  agentName: string | undefined;
  text: string;
  /** Cards and files, summarised in one line each. */
  extras: string[];
  timestamp: string | undefined;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const HERO_CARD = 'application/vnd.microsoft.card.hero';
const UPLOAD = 'application/vnd.govbot.upload+json';
const UPLOAD_REJECTED = 'application/vnd.govbot.upload-rejected+json';

/**
 * Reads an activity of the transcript: only messages count; `from.role === 'user'` is the citizen, a bot message
 * with `channelData.govbot.agent` was written by a person of the service centre.
 */
export function transcriptMessage(activity: Record<string, unknown>): TranscriptMessage | undefined {
  if (activity.type !== 'message') return undefined;
  const from = isRecord(activity.from) ? activity.from : {};
  const govbot =
    isRecord(activity.channelData) && isRecord(activity.channelData.govbot) ? activity.channelData.govbot : {};
  const agent = isRecord(govbot.agent) ? govbot.agent : undefined;
  const author: Author = from.role === 'user' ? 'citizen' : agent ? 'agent' : 'bot';
  const extras = list(activity.attachments).flatMap(describeAttachment);
  const body = text(activity.text) ?? '';
  if (body === '' && extras.length === 0) return undefined;
  return {
    id: text(activity.id),
    author,
    agentName: agent ? text(agent.name) : undefined,
    text: body,
    extras,
    timestamp: text(activity.timestamp),
  };
}

function describeAttachment(attachment: unknown): string[] {
  if (!isRecord(attachment)) return [];
  const content = isRecord(attachment.content) ? attachment.content : {};
  switch (attachment.contentType) {
    case UPLOAD:
      return [`Datei: ${text(content.name) ?? 'ohne Namen'}`];
    case UPLOAD_REJECTED:
      return [`Datei abgelehnt: ${text(content.name) ?? 'ohne Namen'} (${text(content.reason) ?? 'unbekannt'})`];
    case ADAPTIVE_CARD:
    case HERO_CARD: {
      const title = text(content.title) ?? firstText(content.body);
      return [`Karte${title ? `: ${title}` : ''}`];
    }
    default:
      return [`Anhang: ${text(attachment.name) ?? text(attachment.contentType) ?? 'unbekannt'}`];
  }
}

/** The first TextBlock of an Adaptive Card body (or of a container in it). */
function firstText(body: unknown): string | undefined {
  for (const element of list(body)) {
    if (!isRecord(element)) continue;
    if (element.type === 'TextBlock' && text(element.text)) return text(element.text);
    const inner = firstText(element.items);
    if (inner) return inner;
  }
  return undefined;
}

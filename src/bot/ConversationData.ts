import { z } from 'zod';
import { Language } from '../catalogue/schema.js';
import { Draft } from '../dialogs/Draft.js';
import { Profile } from '../dialogs/Profile.js';
import { Aspect } from '../nlu/detectAspect.js';
import { ChoiceValue } from './messages.js';

/** What the bot remembers of one conversation between turns; stored as JSON and parsed on every read. */
export const ConversationData = z.object({
  version: z.literal(1).default(1),
  lang: Language.optional(),
  /** The service the last answer was about, for follow-up questions. */
  lastServiceId: z.string().optional(),
  /** The part of it asked about last ("Was kostet das?"), for "Und für einen Reisepass?". */
  lastAspect: Aspect.optional(),
  /** The buttons of the last message, so that "2" picks the second on channels without buttons. */
  choices: z.array(z.object({ title: z.string(), value: ChoiceValue })).default([]),
  /** Messages in a row the bot did not understand. */
  misunderstood: z.number().int().min(0).default(0),
  turns: z.number().int().min(0).default(0),
  /** The form being filled, if any. */
  draft: Draft.optional(),
  /** What the citizen told earlier forms about themselves, offered again in later ones. */
  profile: Profile.default({}),
  /** The last application submitted, so a second click on "submit" says so instead of failing. */
  lastSubmission: z.object({ reference: z.string() }).optional(),
});
export type ConversationData = z.infer<typeof ConversationData>;

/** The button a citizen picked by typing its number ("2", "2.") on a channel that shows buttons as a list. */
export function numberedChoice(data: ConversationData, text: string): ChoiceValue | undefined {
  const number = /^\s*(\d{1,2})\.?\s*$/.exec(text);
  return number ? data.choices[Number(number[1]) - 1]?.value : undefined;
}

/** Parses stored data; anything unreadable (an old or damaged record) starts afresh rather than failing the turn. */
export function parseConversationData(raw: unknown): ConversationData {
  const parsed = ConversationData.safeParse(raw ?? {});
  return parsed.success ? parsed.data : ConversationData.parse({});
}

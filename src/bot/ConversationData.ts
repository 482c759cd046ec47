import { z } from 'zod';
import { Language } from '../catalogue/schema.js';
import { Draft } from '../dialogs/Draft.js';
import { Profile } from '../dialogs/Profile.js';
import { Aspect } from '../nlu/detectAspect.js';
import { ChoiceValue } from './messages.js';

/** How much of a question is kept as `lastQuestion`. */
export const MAX_QUESTION_LENGTH = 1000;

/** A contact request being filled in, step by step. */
export const ContactDraft = z.object({
  step: z.enum(['name', 'reach', 'question', 'consent']),
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  question: z.string().optional(),
});
export type ContactDraft = z.infer<typeof ContactDraft>;

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
  /** The contact request being filled in, if any. */
  contact: ContactDraft.optional(),
  /**
   * The last question the bot could not answer, or asked "Meinten Sie …?" about, offered as the subject of a contact
   * request.
   */
  lastQuestion: z.string().max(MAX_QUESTION_LENGTH).optional(),
  /** The handover whose "your message is kept" hint was given, so it is given once. */
  handoverHint: z.string().optional(),
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

import { z } from 'zod';
import { FormAction } from '../dialogs/FormAction.js';
import { Aspect } from '../nlu/detectAspect.js';
import type { GovBotChannelData } from './channelData.js';

/** The payload of a button: what the citizen chose. Parsed from `activity.value`, never trusted. */
export const ChoiceValue = z.union([
  z.discriminatedUnion('action', [
    /**
     * A service picked; with `aspect`, the part of it the citizen had asked about ("Was kostet …?"). An aspect this
     * version does not know (a button stored by another) is dropped rather than failing the whole value.
     */
    z.object({
      action: z.literal('service'),
      serviceId: z.string().min(1).max(100),
      aspect: Aspect.optional().catch(undefined),
    }),
    /** Talk to a person (`request`, the default), stop waiting, or answer the offer of a contact request. */
    z.object({ action: z.literal('handover'), op: z.enum(['request', 'cancel', 'contact', 'decline']).optional() }),
    /** Steps of a contact request: take the question asked before, consent or not. */
    z.object({ action: z.literal('contact'), op: z.enum(['useQuestion', 'consent', 'decline']) }),
    z.object({ action: z.literal('none') }),
    z.object({ action: z.literal('ask'), text: z.string().min(1).max(500) }),
  ]),
  FormAction,
]);
export type ChoiceValue = z.infer<typeof ChoiceValue>;

export interface Choice {
  title: string;
  value: ChoiceValue;
}

export interface LinkAction {
  title: string;
  url: string;
}

/** A channel-neutral answer card: what the bot knows about one service. */
export interface AnswerCard {
  title: string;
  subtitle?: string;
  summary: string;
  /** Short label/value pairs (costs, processing time, deadlines, LeiKa key). */
  facts: { label: string; value: string }[];
  /** Titled lists (documents, requirements). */
  lists: { label: string; items: string[] }[];
  /** Titled blocks of lines (the responsible office with address, hours, contact). */
  blocks: { label: string; lines: string[] }[];
  links: LinkAction[];
  /** Shown above the card, e.g. "only available in German". */
  note?: string;
}

/** What the bot says in one message, before a channel renders it. Text is markdown. */
export interface OutgoingMessage {
  text: string;
  card?: AnswerCard;
  /** Buttons; a numbered list where the channel has none. */
  choices?: Choice[];
  /** Sent along as `channelData.govbot` for clients that use it (file picker, form progress). */
  channelData?: GovBotChannelData;
}

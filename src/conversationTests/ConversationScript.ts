import { readdirSync } from 'node:fs';
import { z } from 'zod';
import { GovBotChannelData } from '../bot/channelData.js';
import { type FileProblem, readSchemaFile } from '../files/readSchemaFile.js';
import { FIXTURE_KINDS } from './fixtureFile.js';

/**
 * The format of a conversation script (`dialogs/conversations/<dialog>.yaml`): scenarios of a citizen talking to the
 * real bot, step by step, with what the bot must answer. Strict like the dialog files: a misspelt key fails at load
 * with file, path and reason instead of silently asserting nothing.
 */

export const TAGS = [
  'happy',
  'validation',
  'correction',
  'digression',
  'cancel',
  'restart',
  'botframework',
  'back',
  'upload',
  'exit',
] as const;
export type Tag = (typeof TAGS)[number];

const DialogState = GovBotChannelData.shape.dialog.unwrap().shape.state;

/** One string or a list of them; `says: Rasse` reads like `says: [Rasse]`. */
const Texts = z.union([
  z
    .string()
    .min(1)
    .transform((text) => [text]),
  z.array(z.string().min(1)),
]);

/** What the replies of the last turn must show. */
export const BotExpectation = z.strictObject({
  /** All appear in the visible text of the turn's replies (case-insensitive). */
  says: Texts.optional(),
  /** None appears in it. */
  not: Texts.optional(),
  /** `channelData.govbot.dialog` of the turn's last reply that has one. */
  field: z.string().min(1).optional(),
  state: DialogState.optional(),
  reason: z.string().min(1).optional(),
  /** The dialog of that reply; default the script's `dialog`. */
  dialog: z.string().min(1).optional(),
  /** Button titles offered by the turn's last reply (a subset, exact titles). */
  buttons: Texts.optional(),
});
export type BotExpectation = z.infer<typeof BotExpectation>;

export const ApplicationExpectation = z.strictObject({
  /** Exactly these recipient ids, in any order. */
  recipients: z.array(z.string().min(1)).optional(),
  /** A subset of the stored answers (objects by key, lists by position). */
  values: z.record(z.string(), z.unknown()).optional(),
  /** A subset of the computed values. */
  computed: z.record(z.string(), z.unknown()).optional(),
  /** The number of files attached. */
  attachments: z.number().int().min(0).optional(),
});
export type ApplicationExpectation = z.infer<typeof ApplicationExpectation>;

export const Step = z.union([
  z.literal('restart'),
  z.strictObject({ citizen: z.string().min(1).max(2000) }),
  z.strictObject({
    bot: z.union([
      z
        .string()
        .min(1)
        .transform((says): BotExpectation => ({ says: [says] })),
      BotExpectation,
    ]),
  }),
  z.strictObject({ click: z.string().min(1) }),
  z.strictObject({ upload: z.enum(FIXTURE_KINDS), name: z.string().min(1).max(200).optional() }),
  z.strictObject({ application: ApplicationExpectation }),
  z.strictObject({ deliveries: z.enum(['pending', 'delivered']) }),
]);
export type Step = z.infer<typeof Step>;

export const Scenario = z
  .strictObject({
    name: z.string().min(1),
    tags: z.array(z.enum(TAGS)).default([]),
    channel: z.enum(['socketio', 'botframework']).default('socketio'),
    /** The Bot Framework channel id; default `emulator`. A channel GovBot does not know gets plain text. */
    channelId: z.string().min(1).max(100).optional(),
    locale: z.string().min(2).max(20).optional(),
    /** Skips the scenario, saying why (an engine bug that was reported). */
    skip: z.string().min(1).optional(),
    steps: z.array(Step).min(1),
  })
  .refine((scenario) => scenario.channelId === undefined || scenario.channel === 'botframework', {
    message: '`channelId` needs `channel: botframework`',
    path: ['channelId'],
  });
export type Scenario = z.infer<typeof Scenario>;

export const ConversationScript = z.strictObject({
  /** The form dialog the file covers (its id in `dialogs/`). */
  dialog: z.string().min(1),
  scenarios: z.array(Scenario).min(1),
});
export type ConversationScript = z.infer<typeof ConversationScript>;

export type LoadedScript =
  | { file: string; ok: true; script: ConversationScript }
  | { file: string; ok: false; problems: FileProblem[] };

/** Every `*.yaml` in the folder, each parsed or with what is wrong with it. */
export function loadConversationScripts(dir: string): LoadedScript[] {
  const files = readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
  return files.map((file): LoadedScript => {
    const problems: FileProblem[] = [];
    const script = readSchemaFile(dir, file, ConversationScript, problems);
    return script ? { file, ok: true, script } : { file, ok: false, problems };
  });
}

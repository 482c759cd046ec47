import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { HttpUrl } from '../../catalogue/schema.js';
import type { TurnQueue } from '../../cluster/clusterTurns.js';
import { refuseRateLimited } from '../../http/jsonErrors.js';
import { clientAddress } from '../../limits/clientAddress.js';
import { type RateLimit, TokenBuckets } from '../../limits/TokenBuckets.js';
import type { Logger } from '../../logger.js';
import { withoutControlCharacters, withoutControlCharactersIn } from '../../text/cleanText.js';

export interface BotFrameworkCredentials {
  appId?: string;
  appPassword?: string;
  appTenantId?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
}

export interface BotFrameworkChannel {
  adapter: CloudAdapter;
  /** Express handler for `POST /api/messages`. */
  handle(req: Request, res: Response): Promise<void>;
  /** True when no credentials are configured: Emulator/local mode, replies go unauthenticated to `serviceUrl`. */
  localMode: boolean;
}

/** The limit of `/api/messages` in local mode (GOVBOT_IP_MESSAGE_*, GOVBOT_TRUST_PROXY); without `addressMessages`, none. */
export interface BotFrameworkLimits {
  /** Activities per IP address. */
  addressMessages?: RateLimit;
  /** Reverse proxies in front of GovBot whose X-Forwarded-For is believed (see `clientAddress`). */
  trustedProxies?: number;
}

/**
 * Bot Framework channels through botbuilder's CloudAdapter. Without credentials it runs in local mode as the Bot
 * Framework Emulator expects; with an app id it validates every request's token like any Azure Bot Service bot.
 *
 * In local mode anyone who reaches the port may post, so activities are limited per IP address like the widget's
 * messages (429 with Retry-After beyond the limit). With credentials they are not: every request then comes from the
 * Bot Connector service, whose few addresses carry all citizens of every channel, and only its signed requests get a
 * turn (docs/protocol.md#limits).
 */
export function createBotFrameworkChannel(options: {
  credentials: BotFrameworkCredentials;
  bot: { run(context: TurnContext): Promise<void> };
  configureAdapter(adapter: CloudAdapter): void;
  turns: TurnQueue;
  logger: Logger;
  limits?: BotFrameworkLimits;
  now?: () => number;
}): BotFrameworkChannel {
  const { credentials } = options;
  const auth: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: credentials.appId ?? '',
    MicrosoftAppPassword: credentials.appPassword ?? '',
    MicrosoftAppTenantId: credentials.appTenantId ?? '',
    MicrosoftAppType: credentials.appType ?? (credentials.appTenantId ? 'SingleTenant' : 'MultiTenant'),
  };
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(auth));
  adapter.onTurnError = async (context, error) => {
    options.logger.error(
      { err: error, conversationId: context.activity.conversation?.id },
      'bot framework turn failed',
    );
  };
  options.configureAdapter(adapter);
  const logic = (context: TurnContext) =>
    options.turns.run(context.activity.conversation?.id ?? 'unknown', () => options.bot.run(context));
  const localMode = !credentials.appId;
  const addressLimit = options.limits?.addressMessages;
  const perAddress = localMode && addressLimit ? new TokenBuckets(addressLimit, options.now) : undefined;
  return {
    adapter,
    localMode,
    handle: async (req, res) => {
      const shape = IncomingActivity.safeParse(req.body);
      if (!shape.success) {
        res.status(400).json({
          error: 'invalid_activity',
          issues: shape.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        });
        return;
      }
      // What botbuilder and the bot see: the activity without control characters (see `IncomingActivity`).
      req.body = withoutControlCharactersIn(shape.data);
      // After the check (a refused activity costs nothing) and before botbuilder: a limited one is neither stored
      // nor answered.
      if (perAddress) {
        const address = clientAddress(req, options.limits?.trustedProxies ?? 0);
        const waitMs = perAddress.waitMs(address);
        if (waitMs > 0) {
          refuseRateLimited(res, waitMs);
          return;
        }
        perAddress.take(address);
      }
      await adapter.process(req, res, logic);
    },
  };
}

/**
 * An id botbuilder puts into URLs when it answers (`/v3/conversations/{id}/activities/{replyToId}`): a lone UTF-16
 * surrogate would make `encodeURIComponent` throw in the middle of the turn. One with a control character is refused
 * rather than cleaned like the text, since without it the id would name another conversation.
 */
const Id = z
  .string()
  .min(1)
  .max(500)
  .refine((value) => !LONE_SURROGATE.test(value), 'not well-formed Unicode')
  .refine((value) => withoutControlCharacters(value) === value, 'control characters');

/**
 * A name botbuilder relies on (`type`, `channelId`: the state's storage key, the reply's route). One of control
 * characters only would be empty once cleaned and fail the turn inside botbuilder ("missing activity.channelId");
 * one with some would name another channel. Both are refused here, like an `Id`.
 */
const Name = z
  .string()
  .min(1)
  .max(100)
  .refine((value) => withoutControlCharacters(value) === value, 'control characters');

/** With the u flag, only a surrogate without its pair is a code point of category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

/** An account as activities name them (`from`, `recipient`, `membersAdded`). */
const Account = z.looseObject({ id: Id, name: z.string().max(500).optional() });

/**
 * What an activity must carry, and the types of every field GovBot reads, before botbuilder or the bot see it: a
 * field of the wrong type (an id that is an object, attachments that are no list) would otherwise fail deep in a turn
 * (the transcript's SQL, the upload middleware, the language check) instead of being refused here with a reason.
 * Other fields pass through; botbuilder checks the token.
 *
 * Control characters are dropped from every string of the activity, as from the widget's messages (see `cleanText`):
 * the channel's JSON is anybody's, and its text, a card form's `value`, a file's name or the locale end up in
 * PostgreSQL columns of `text` (the inbox, tickets, uploads, conversations), which refuse NUL.
 */
const IncomingActivity = z.looseObject({
  type: Name,
  id: Id.optional(),
  serviceUrl: HttpUrl,
  channelId: Name,
  conversation: z.looseObject({ id: Id }),
  from: Account.optional(),
  recipient: Account.optional(),
  membersAdded: z.array(Account).max(100).optional(),
  membersRemoved: z.array(Account).max(100).optional(),
  text: z.string().max(10_000).optional(),
  locale: z.string().max(50).optional(),
  timestamp: z.string().max(100).optional(),
  replyToId: Id.optional(),
  attachments: z
    .array(
      z.looseObject({
        contentType: z.string().max(200),
        contentUrl: z.string().optional(),
        name: z.string().max(500).optional(),
      }),
    )
    .max(50)
    .optional(),
  channelData: z.looseObject({}).optional(),
});

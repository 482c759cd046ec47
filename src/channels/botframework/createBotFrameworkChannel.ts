import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { KeyedQueue } from '../../bot/KeyedQueue.js';
import { HttpUrl } from '../../catalogue/schema.js';
import type { Logger } from '../../logger.js';

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

/**
 * Bot Framework channels through botbuilder's CloudAdapter. Without credentials it runs in local mode as the Bot
 * Framework Emulator expects; with an app id it validates every request's token like any Azure Bot Service bot.
 */
export function createBotFrameworkChannel(options: {
  credentials: BotFrameworkCredentials;
  bot: { run(context: TurnContext): Promise<void> };
  configureAdapter(adapter: CloudAdapter): void;
  turns: KeyedQueue;
  logger: Logger;
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
  return {
    adapter,
    localMode: !credentials.appId,
    handle: async (req, res) => {
      const shape = IncomingActivity.safeParse(req.body);
      if (!shape.success) {
        res.status(400).json({
          error: 'invalid_activity',
          issues: shape.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        });
        return;
      }
      await adapter.process(req, res, logic);
    },
  };
}

/** The least an activity must carry before botbuilder sees it; botbuilder checks the rest (and the token). */
const IncomingActivity = z.looseObject({
  type: z.string().min(1).max(100),
  serviceUrl: HttpUrl,
  channelId: z.string().min(1).max(100),
  conversation: z.looseObject({ id: z.string().min(1).max(500) }),
  text: z.string().max(10_000).optional(),
});

import { createServer } from 'node:http';
import type { BotAdapter } from 'botbuilder';
import { ConversationState } from 'botbuilder';
import { GovBot, type Knowledge } from './bot/GovBot.js';
import { KeyedQueue } from './bot/KeyedQueue.js';
import { TranscriptMiddleware } from './bot/TranscriptMiddleware.js';
import { createBotFrameworkChannel } from './channels/botframework/createBotFrameworkChannel.js';
import { attachSocketIoChannel } from './channels/socketio/attachSocketIoChannel.js';
import type { Config } from './config/config.js';
import { createHttpApp } from './http/createHttpApp.js';
import type { Logger } from './logger.js';
import { loadCurrentModel } from './nlu/trainModel.js';
import { Understanding } from './nlu/Understanding.js';
import { BotStateStorage } from './storage/BotStateStorage.js';
import { openDataDir } from './storage/openDataDir.js';
import type { Storage } from './storage/repositories.js';

export interface RunningGovBot {
  url: string;
  port: number;
  storage: Storage;
  knowledge(): Knowledge;
  /** Stops accepting, lets running turns finish, closes the database. */
  close(): Promise<void>;
}

/**
 * The composition root: config → storage → understanding → bot → channels → HTTP server. Everything else receives
 * what it needs as arguments.
 */
export async function startGovBot(config: Config, logger: Logger): Promise<RunningGovBot> {
  const { storage, seeded } = await openDataDir(config.dataDir);
  if (seeded.length > 0) logger.info({ seeded, dataDir: config.dataDir }, 'seeded data directory');
  const started = Date.now();
  const { model, services, trained } = await loadCurrentModel(storage, {
    onTraining: () => logger.info('no current model: training'),
  });
  logger.info({ trained, ms: Date.now() - started, services: services.length }, 'model loaded');
  const offices = await storage.catalogue.listOffices();
  const knowledge: Knowledge = {
    understanding: new Understanding(model, services),
    offices: new Map(offices.map((office) => [office.id, office])),
  };

  const conversationState = new ConversationState(new BotStateStorage(storage.state));
  const bot = new GovBot({
    knowledge: () => knowledge,
    conversationState,
    city: config.city,
    privacyUrl: config.privacyUrl,
    searchUrl: config.searchUrl,
    popularServices: config.popularServices,
  });
  const turns = new KeyedQueue();
  const configureAdapter = (adapter: BotAdapter) => {
    adapter.use(new TranscriptMiddleware(storage.transcripts));
  };
  const botFramework = createBotFrameworkChannel({
    credentials: config.botFramework,
    bot,
    configureAdapter,
    turns,
    logger,
  });
  let ready = false;
  const app = createHttpApp({
    city: config.city,
    knowledge: () => knowledge,
    botFrameworkHandler: (req, res) => botFramework.handle(req, res),
    isReady: () => ready,
  });
  const httpServer = createServer(app);
  const { io } = attachSocketIoChannel({
    httpServer,
    conversations: storage.conversations,
    transcripts: storage.transcripts,
    bot,
    configureAdapter,
    turns,
    logger,
    corsOrigins: config.allowedOrigins,
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  ready = true;
  const address = httpServer.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://localhost:${port}`;
  logger.info({ url, botFrameworkLocalMode: botFramework.localMode }, 'GovBot is listening');

  return {
    url,
    port,
    storage,
    knowledge: () => knowledge,
    async close() {
      ready = false;
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
      await turns.drain();
      httpServer.closeAllConnections();
      await storage.close();
    },
  };
}

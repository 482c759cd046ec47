import { createServer } from 'node:http';
import { join } from 'node:path';
import { createAdapter } from '@socket.io/redis-adapter';
import type { BotAdapter } from 'botbuilder';
import { ConversationState } from 'botbuilder';
import { ApplicationService } from './applications/ApplicationService.js';
import { OutboxWorker } from './applications/outbox/OutboxWorker.js';
import { AuthService } from './auth/AuthService.js';
import { GovBot, type Knowledge } from './bot/GovBot.js';
import { HandoverMirror } from './bot/HandoverMirror.js';
import { TranscriptMiddleware } from './bot/TranscriptMiddleware.js';
import { type AgentNamespaceHandle, attachAgentNamespace } from './channels/agent/attachAgentNamespace.js';
import { createBotFrameworkChannel } from './channels/botframework/createBotFrameworkChannel.js';
import { ChannelRelay, cloudProactive } from './channels/ChannelRelay.js';
import { attachSocketIoChannel } from './channels/socketio/attachSocketIoChannel.js';
import type { SocketIoAdapter } from './channels/socketio/SocketIoAdapter.js';
import type { Cluster } from './cluster/Cluster.js';
import { turnQueueFor } from './cluster/clusterTurns.js';
import { RedisCluster } from './cluster/RedisCluster.js';
import { soloCluster } from './cluster/SoloCluster.js';
import type { Config } from './config/config.js';
import { FormDialogs } from './dialogs/FormDialogs.js';
import { DEFAULT_DIALOGS_DIR, loadDialogsDir } from './dialogs/loadDialogsDir.js';
import { AnalyticsService } from './editor/analytics/AnalyticsService.js';
import { WorkbenchRecorder } from './editor/analytics/WorkbenchRecorder.js';
import { InboxService } from './editor/inbox/InboxService.js';
import { dialogRefs } from './editor/intents/dialogRefs.js';
import { LiveVersionFollower } from './editor/publishing/LiveVersionFollower.js';
import { loadLiveKnowledge } from './editor/publishing/loadLiveKnowledge.js';
import { PublishingService } from './editor/publishing/PublishingService.js';
import { TrainingService } from './editor/training/TrainingService.js';
import { detectUpset } from './handover/detectUpset.js';
import { HandoffWebhook } from './handover/HandoffWebhook.js';
import { HandoverService } from './handover/HandoverService.js';
import { createAgentRouter } from './http/agentRouter.js';
import { createAuthRouter } from './http/authRouter.js';
import { createConsoleRouter } from './http/consoleRouter.js';
import { createHttpApp, type Readiness } from './http/createHttpApp.js';
import { createEditorRouter } from './http/editor/editorRouter.js';
import { createHandoffRouter } from './http/handoffRouter.js';
import { metricsRouter } from './http/metricsRouter.js';
import { createOpenApiRouter } from './http/openapi/createOpenApiRouter.js';
import { createPrivacyRouter } from './http/privacy/privacyRouter.js';
import { createReceiptRouter } from './http/receiptRouter.js';
import type { Logger } from './logger.js';
import { countTrainingRuns } from './metrics/countTrainingRuns.js';
import { GovBotMetrics } from './metrics/GovBotMetrics.js';
import { MetricsObserver } from './metrics/MetricsObserver.js';
import { observeAll } from './metrics/observeAll.js';
import { scrapeSources } from './metrics/scrapeSources.js';
import { TurnMonitor } from './metrics/TurnMonitor.js';
import { watchHandovers } from './metrics/watchHandovers.js';
import { packageVersion } from './packageRoot.js';
import { conversationEraser } from './privacy/eraseConversation.js';
import { ipHasher } from './privacy/ipHasher.js';
import { RetentionJob } from './privacy/RetentionJob.js';
import { BotStateStorage } from './storage/BotStateStorage.js';
import { openStorage } from './storage/openStorage.js';
import type { Storage } from './storage/repositories.js';
import { TenantDirectory } from './tenants/TenantDirectory.js';
import { TenantKnowledge } from './tenants/TenantKnowledge.js';
import { TenantMiddleware } from './tenants/TenantMiddleware.js';
import { DEFAULT_TENANT } from './tenants/types.js';
import { MAX_FILES_PER_MESSAGE, UploadMiddleware } from './uploads/UploadMiddleware.js';

/** How long a shutdown waits for HTTP requests still in flight before it cuts their connections. */
export const CONNECTION_GRACE_MS = 5_000;

export interface RunningGovBot {
  url: string;
  port: number;
  storage: Storage;
  /** The tenants as this instance knows them; `refresh()` after changing them behind its back (tests, commands). */
  tenants: TenantDirectory;
  /** What a tenant answers with now (default: the `default` tenant's, the shared layer). */
  knowledge(tenantId?: string): Knowledge;
  /** Reads the staff users of open agent consoles again now, as it does every 30 s (tests, after `govbot user`). */
  refreshStaff(): Promise<void>;
  /** Stops accepting, lets running turns finish, closes the database. */
  close(): Promise<void>;
}

/**
 * The composition root: config → storage → understanding → bot → channels → HTTP server. Everything else receives
 * what it needs as arguments. With `deliver: false` the outbox worker does not run: applications are stored with
 * their deliveries pending and nothing is sent (the release gate's bot must not reach real recipients).
 */
export async function startGovBot(
  config: Config,
  logger: Logger,
  options: { deliver?: boolean } = {},
): Promise<RunningGovBot> {
  for (const warning of config.warnings) logger.warn(warning);
  // Per bot, not global: several bots in one process (tests, the release gate) keep their own figures.
  const metrics = new GovBotMetrics();
  const { storage, seeded, location } = await openStorage(config, {
    onIdleError: (error) => logger.warn({ err: error }, 'database connection lost while idle; reconnecting on demand'),
  });
  const cluster = await joinCluster(config, logger, storage);
  if (seeded.length > 0) logger.info({ seeded, storage: location }, 'seeded storage');
  const started = Date.now();
  // The municipalities this installation serves (docs/tenants.md); a single city has the tenant `default` only.
  const tenants = new TenantDirectory({
    tenants: storage.tenants,
    defaults: {
      city: config.city,
      privacyUrl: config.privacyUrl,
      searchUrl: config.searchUrl,
      allowedOrigins: config.allowedOrigins ?? [],
      serviceHours: config.serviceHours,
    },
    bus: cluster.bus,
    logger,
  });
  await tenants.start();
  const live = await loadLiveKnowledge(storage, {
    // Instances starting together: one trains and publishes the first version, the others load it.
    locks: cluster.locks,
    onTraining: () => logger.info('no version and no model of the draft: training'),
  });
  logger.info(
    { version: live.version.version, published: live.published, trained: live.trained, ms: Date.now() - started },
    'live version loaded',
  );
  const services = live.services;
  // Per tenant: its own live version once it has one, else the default tenant's (the shared layer).
  const knowledge = new TenantKnowledge(live);
  const shared = () => knowledge.of(DEFAULT_TENANT);

  const { dialogs, recipients } = loadDialogsDir(config.dialogsDir ?? DEFAULT_DIALOGS_DIR, {
    serviceIds: new Set(services.map((service) => service.id)),
    recipientsFile: config.recipientsFile,
    maxUploadBytes: config.maxUploadBytes,
  });
  // Every delivery target: the installation's recipients and the tenants' own (`<tenant>/<id>`).
  const deliveryTargets = recipients.byDeliveryId();
  logger.info({ dialogs: dialogs.length, recipients: Object.keys(deliveryTargets).length }, 'form dialogs loaded');
  const applications = new ApplicationService(storage.applications);
  // Until the server listens (port 0 in tests), the public address is not known; links are made per submission.
  let publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const forms = new FormDialogs({
    dialogs,
    recipients,
    chatTrustLevel: config.chatTrustLevel,
    // Dialogs are the installation's, for shared services, whose LeiKa keys (national ones) are the shared layer's.
    leikaOf: (serviceId) => shared().understanding.findService(serviceId)?.leika ?? [],
    submit: async (submission) => {
      const submitted = await applications.submit(submission);
      // Delivered now rather than at the next poll; with several instances, this one's worker takes it.
      outbox?.wake();
      const receiptUrl = submitted.receiptToken ? `${publicUrl}/quittung/${submitted.receiptToken}` : undefined;
      return { ...submitted, receiptUrl, downloadUrl: receiptUrl && `${receiptUrl}/download` };
    },
  });
  // Not even constructed without delivering: it would insist on the webhook recipients' secrets.
  const outbox =
    (options.deliver ?? true)
      ? new OutboxWorker({
          applications: storage.applications,
          uploads: storage.uploads,
          recipients: deliveryTargets,
          outboxDir: join(config.dataDir, 'outbox'),
          logger,
        })
      : undefined;

  const conversationState = new ConversationState(new BotStateStorage(storage.state));
  const turns = turnQueueFor(cluster);
  // The relay needs the bot and the channels, which need the service: it is bound once they exist.
  let relay: ChannelRelay | undefined;
  const handovers = new HandoverService({
    handovers: storage.handovers,
    audit: storage.audit,
    transcripts: storage.transcripts,
    relay: {
      signal: (address, signal) => {
        if (!relay) throw new Error('handover: the channels are not attached yet');
        return relay.signal(address, signal);
      },
    },
    // Each tenant's own hours, else the installation's (GOVBOT_SERVICE_HOURS).
    hours: (tenantId) => tenants.getOrDefault(tenantId).serviceHours,
    maxChatsPerAgent: config.maxChatsPerAgent,
    // The queue and who is online, shared with the other instances.
    cluster,
    // An existing contact-centre system gets the handoff events and may take chats instead of the console.
    sink: config.handoffWebhook && new HandoffWebhook({ ...config.handoffWebhook, logger, publicUrl: () => publicUrl }),
    logger,
  });
  const recorder = new WorkbenchRecorder({ storage, logger });
  const bot = new GovBot({
    knowledge: (tenantId) => knowledge.of(tenantId),
    conversationState,
    // The turn's tenant names the municipality and its links (relative ones are relative to the public address).
    tenants,
    publicUrl: () => publicUrl,
    popularServices: config.popularServices,
    forms,
    handovers,
    tickets: storage.tickets,
    isUpset: (text, lang) => detectUpset(text, lang).upset,
    observer: observeAll(recorder, new MetricsObserver(metrics)),
  });
  const uploads = new UploadMiddleware(storage.uploads, {
    maxBytes: config.maxUploadBytes,
    // Files linked by an authenticated Bot Framework channel are fetched; without credentials anyone could post.
    fetchRemote: Boolean(config.botFramework.appId),
  });
  const turnMonitor = new TurnMonitor(metrics, logger);
  const tenantTurns = new TenantMiddleware({ directory: tenants, conversations: storage.conversations, logger });
  const configureAdapter = (adapter: BotAdapter) => {
    // First: its time to the first answer includes the other middleware.
    adapter.use(turnMonitor);
    // Before the transcript: a Bot Framework conversation seen first is created with its bot's tenant here, not as
    // the default tenant's by the transcript.
    adapter.use(tenantTurns);
    // Before the transcript: it stores upload references, never file contents.
    adapter.use(uploads);
    adapter.use(new TranscriptMiddleware(storage.transcripts));
    adapter.use(new HandoverMirror(handovers));
  };
  const botFramework = createBotFrameworkChannel({
    credentials: config.botFramework,
    bot,
    configureAdapter,
    turns,
    logger,
    // Applied in local mode only (see createBotFrameworkChannel).
    limits: { addressMessages: config.limits.addressMessages, trustedProxies: config.trustedProxies },
  });
  const auth = new AuthService(storage.users);
  const training = await TrainingService.create({
    storage,
    gate: {
      folds: config.gate.folds,
      conversations: config.gate.conversations ?? {
        dialogsDir: config.dialogsDir,
        recipientsFile: config.recipientsFile,
      },
    },
    onFinished: countTrainingRuns(metrics),
    // One run at a time across instances.
    locks: cluster.locks,
    logger,
  });
  // The workbench publishes the shared layer's versions, and municipalities' own.
  const publishing = new PublishingService({
    storage,
    onLive: (published, tenantId) => {
      if (knowledge.goLive(tenantId, published)) {
        logger.info(
          { tenant: tenantId, version: published.version.version },
          'version published: now answering with it',
        );
      }
    },
    bus: cluster.bus,
    locks: cluster.locks,
    logger,
  });
  // Versions published on another instance, or by `govbot train` beside this one, become this one's too: the
  // shared one and every tenant's own.
  const follower = new LiveVersionFollower({
    storage,
    bus: cluster.shared ? cluster.bus : undefined,
    tenants: () => tenants.list().map((tenant) => tenant.id),
    loadedVersion: (tenantId) => knowledge.loadedVersion(tenantId),
    loadedModel: (fingerprint) => knowledge.model(fingerprint),
    onLive: (tenantId, published) => {
      if (knowledge.goLive(tenantId, published)) {
        logger.info({ tenant: tenantId, version: published.version.version }, 'now answering with this version');
      }
    },
    logger,
  });
  // Tenants' own versions, before the first turn.
  await follower.check();
  const editorApi = createEditorRouter({
    auth,
    storage,
    dialogs: dialogRefs(dialogs),
    training,
    publishing,
    inbox: new InboxService({ storage, model: () => shared().understanding.model }),
    analytics: new AnalyticsService({ storage }),
    knowledge: (tenantId) => knowledge.of(tenantId),
    entities: { timeZone: config.timeZone },
    logger,
  });
  const erase = conversationEraser({ handovers, recorder, storage });
  // The id may come back (a Bot Framework channel reuses it): it must then be found anew, not as the erased one's.
  const eraseConversation = async (conversationId: string) => {
    await erase(conversationId);
    tenantTurns.forget(conversationId);
  };
  const privacyApi = createPrivacyRouter({
    auth,
    storage,
    eraseConversation,
    hashIp: ipHasher(config.ipHashSecret),
    logger,
  });
  const retention = new RetentionJob({
    storage,
    periods: config.retention,
    tenantPeriods: () => new Map(tenants.list().map((tenant) => [tenant.id, tenant.retention])),
    logger,
  });
  let agentNamespace: AgentNamespaceHandle | undefined;
  let readiness: Readiness = 'starting';
  const app = createHttpApp({
    municipality: (tenantId) => tenants.getOrDefault(tenantId).name,
    hiddenServices: (tenantId) => tenants.getOrDefault(tenantId).hiddenServices,
    knowledge: (tenantId) => knowledge.of(tenantId),
    botFrameworkHandler: (req, res) => botFramework.handle(req, res),
    // An instance cut off from its cluster cannot serialise turns or reach the other instances' citizens.
    readiness: () =>
      readiness === 'ready' && cluster instanceof RedisCluster && !cluster.connected ? 'starting' : readiness,
    logger,
    https: config.publicUrl?.startsWith('https://') ?? false,
    trustedProxies: config.trustedProxies,
    // Up to three files as base64 (4/3 of their size) and the rest of the activity.
    maxMessageBytes: Math.ceil((MAX_FILES_PER_MESSAGE * config.maxUploadBytes * 4) / 3) + 64 * 1024,
    routers: [
      metricsRouter({ metrics, token: config.metricsToken, logger }),
      // Staff (agents, editors, admins) log in here; the agent console and its API follow.
      createAuthRouter(auth, { secureCookies: publicUrl.startsWith('https://'), audit: storage.audit }),
      createAgentRouter({
        auth,
        tickets: storage.tickets,
        cannedResponses: storage.cannedResponses,
        audit: storage.audit,
        handovers: storage.handovers,
        onTicketChanged: () => {
          void agentNamespace?.ticketsChanged().catch((err: unknown) => logger.warn({ err }, 'consoles not told'));
        },
      }),
      editorApi.router,
      privacyApi.router,
      createOpenApiRouter({ apis: [editorApi, privacyApi], version: packageVersion() }),
      createConsoleRouter(),
      ...(config.handoffWebhook ? [createHandoffRouter({ secret: config.handoffWebhook.secret, handovers })] : []),
      createReceiptRouter(
        applications,
        Object.fromEntries(Object.entries(deliveryTargets).map(([id, recipient]) => [id, recipient.name])),
      ),
    ],
  });
  const httpServer = createServer(app);
  let widgetAdapter: SocketIoAdapter | undefined;
  relay = new ChannelRelay({
    bot,
    turns,
    widget: () => widgetAdapter,
    botFramework: cloudProactive(botFramework.adapter, config.botFramework.appId),
  });
  const { io, adapter: socketIoAdapter } = attachSocketIoChannel({
    httpServer,
    conversations: storage.conversations,
    transcripts: storage.transcripts,
    bot,
    configureAdapter,
    turns,
    logger,
    allowedOrigins: config.allowedOrigins,
    tenants,
    uploads,
    maxUploadBytes: config.maxUploadBytes,
    onTyping: (conversationId) => handovers.citizenTyping(conversationId),
    botSilent: (conversationId) => handovers.activeFor(conversationId) !== undefined,
    eraseConversation,
    limits: { ...config.limits, trustedProxies: config.trustedProxies },
    clusterAdapter:
      cluster instanceof RedisCluster
        ? createAdapter(cluster.client, cluster.adapterSubscriber, { key: cluster.socketIoKey })
        : undefined,
  });
  widgetAdapter = socketIoAdapter;
  agentNamespace = attachAgentNamespace({
    io,
    auth,
    service: handovers,
    handovers: storage.handovers,
    transcripts: storage.transcripts,
    tickets: storage.tickets,
    users: storage.users,
    maxChatsPerAgent: config.maxChatsPerAgent,
    cluster,
    logger,
  });
  await handovers.start();
  watchHandovers(handovers, metrics);
  Object.assign(metrics.sources, scrapeSources(io, storage.applications));
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  readiness = 'ready';
  const address = httpServer.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://localhost:${port}`;
  publicUrl = config.publicUrl ?? url;
  outbox?.start();
  retention.start();
  follower.start();
  logger.info(
    { url, botFrameworkLocalMode: botFramework.localMode, instance: cluster.instanceId, cluster: cluster.shared },
    'GovBot is listening',
  );

  return {
    url,
    port,
    storage,
    tenants,
    knowledge: (tenantId = DEFAULT_TENANT) => knowledge.of(tenantId),
    refreshStaff: async () => agentNamespace?.refreshUsers(),
    async close() {
      readiness = 'stopping';
      const closed = new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
      // The HTTP server closes once its connections have. Idle keep-alive ones (a browser that loaded widget.js)
      // go at once; a request still in flight gets a grace period, then its connection is cut too: a client that
      // never finishes its request (a preconnect, a stalled upload) must not hold a shutdown for a minute.
      httpServer.closeIdleConnections();
      const cut = setTimeout(() => httpServer.closeAllConnections(), CONNECTION_GRACE_MS);
      await closed;
      clearTimeout(cut);
      await turns.drain();
      await training.close();
      await follower.stop();
      await recorder.flush();
      await outbox?.stop();
      await retention.stop();
      await agentNamespace?.close();
      handovers.stop();
      tenants.stop();
      httpServer.closeAllConnections();
      await cluster.close();
      await storage.close();
    },
  };
}

/** Redis when REDIS_URL is set (several instances), else this instance alone. */
async function joinCluster(config: Config, logger: Logger, storage: Storage): Promise<Cluster> {
  if (!config.redisUrl) return soloCluster();
  try {
    const cluster = await RedisCluster.connect({ url: config.redisUrl, prefix: config.redisPrefix, logger });
    logger.info({ instance: cluster.instanceId }, 'joined the cluster of instances through Redis');
    return cluster;
  } catch (error) {
    await storage.close();
    throw error;
  }
}

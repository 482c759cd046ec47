import type { ServerActivity } from '../../src/channels/socketio/protocol.js';

// Activities as GovBot sends them during a handover (see src/bot/HandoverTurns.ts), for the stub server to push.

const BOT = { id: 'govbot', name: 'GovBot', role: 'bot' };

/** The bot's message when the citizen is queued, with the stop-waiting button. */
export function queued(position: number, waitSeconds: number): ServerActivity {
  return {
    type: 'message',
    from: BOT,
    text: `Ich suche eine Mitarbeiterin oder einen Mitarbeiter für Sie. Sie sind an **Position ${position}** der Warteschlange.`,
    suggestedActions: {
      actions: [{ type: 'postBack', title: 'Warten abbrechen', value: { action: 'handover', op: 'cancel' } }],
    },
    channelData: { govbot: { handover: { state: 'queued', position, waitSeconds } } },
  };
}

export const queueEvent = (position: number, waitSeconds: number): ServerActivity => ({
  type: 'event',
  name: 'govbot.handover',
  from: BOT,
  value: { state: 'queued', position, waitSeconds },
});

export const connected = (agentName: string): ServerActivity => ({
  type: 'message',
  from: BOT,
  text: `Sie sind jetzt mit **${agentName}** vom Service-Center verbunden.`,
  channelData: { govbot: { handover: { state: 'connected', agentName } } },
});

export const ended: ServerActivity = {
  type: 'message',
  from: BOT,
  text: 'Das Gespräch mit dem Service-Center ist beendet.',
  channelData: { govbot: { handover: { state: 'ended' } } },
};

export const fromAgent = (name: string, text: string): ServerActivity => ({
  type: 'message',
  from: BOT,
  text,
  channelData: { govbot: { agent: { name } } },
});

export const agentTyping = (name: string): ServerActivity => ({
  type: 'typing',
  from: BOT,
  channelData: { govbot: { agent: { name } } },
});

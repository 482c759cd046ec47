/** What a channel can show; messages degrade to what it supports, never to nothing. */
export interface ChannelCapabilities {
  cards: 'adaptive' | 'hero' | 'none';
  suggestedActions: boolean;
  markdown: boolean;
}

/** The channel id of GovBot's own web widget. */
export const WEB_WIDGET_CHANNEL = 'govbot-web';

const KNOWN: Record<string, ChannelCapabilities> = {
  [WEB_WIDGET_CHANNEL]: { cards: 'adaptive', suggestedActions: true, markdown: true },
  emulator: { cards: 'adaptive', suggestedActions: true, markdown: true },
  webchat: { cards: 'adaptive', suggestedActions: true, markdown: true },
  directline: { cards: 'adaptive', suggestedActions: true, markdown: true },
  msteams: { cards: 'adaptive', suggestedActions: false, markdown: true },
  telegram: { cards: 'hero', suggestedActions: true, markdown: true },
  facebook: { cards: 'hero', suggestedActions: true, markdown: false },
  slack: { cards: 'hero', suggestedActions: false, markdown: true },
  line: { cards: 'hero', suggestedActions: true, markdown: false },
};

const PLAIN: ChannelCapabilities = { cards: 'none', suggestedActions: false, markdown: false };

export function channelCapabilities(channelId: string | undefined): ChannelCapabilities {
  return (channelId && KNOWN[channelId]) || PLAIN;
}

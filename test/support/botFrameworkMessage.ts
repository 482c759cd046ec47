/** A citizen's message activity as the Bot Framework Emulator posts it to `/api/messages` (replies go to `serviceUrl`). */
export function botFrameworkMessage(options: {
  serviceUrl: string;
  conversationId: string;
  from: { id: string; name: string; role: string };
  text: string;
}) {
  return {
    type: 'message',
    id: crypto.randomUUID(),
    channelId: 'emulator',
    serviceUrl: options.serviceUrl,
    conversation: { id: options.conversationId },
    from: options.from,
    recipient: { id: 'govbot', name: 'GovBot', role: 'bot' },
    locale: 'de-DE',
    text: options.text,
    timestamp: new Date().toISOString(),
  };
}

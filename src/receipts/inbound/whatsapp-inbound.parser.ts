import type { InboundMessage } from './inbound-message.js';

/**
 * Reads the inbound messages Beacon acts on out of a (signature-checked) Cloud API webhook:
 * text, location, template quick-reply buttons and interactive replies. Media, reactions,
 * orders and unsupported types are left out. Pure.
 */
export function parseWhatsAppInbound(payload: unknown): InboundMessage[] {
  const found: InboundMessage[] = [];
  if (!isRecord(payload) || !Array.isArray(payload.entry)) return found;
  for (const entry of payload.entry as unknown[]) {
    if (!isRecord(entry) || !Array.isArray(entry.changes)) continue;
    for (const change of entry.changes as unknown[]) {
      if (!isRecord(change) || change.field !== 'messages' || !isRecord(change.value)) continue;
      const { messages, metadata } = change.value;
      if (!Array.isArray(messages)) continue;
      const to = isRecord(metadata) && typeof metadata.phone_number_id === 'string' ? metadata.phone_number_id : undefined;
      for (const raw of messages as unknown[]) {
        const message = readMessage(raw, to);
        if (message) found.push(message);
      }
    }
  }
  return found;
}

function readMessage(raw: unknown, to: string | undefined): InboundMessage | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string' || raw.id === '' || typeof raw.from !== 'string' || !/^\d{6,15}$/.test(raw.from)) return undefined;
  const at = unixTime(raw.timestamp);
  if (at === undefined) return undefined;
  const content = contentOf(raw);
  if (!content) return undefined;
  const context = isRecord(raw.context) && typeof raw.context.id === 'string' && raw.context.id !== '' ? raw.context.id : undefined;
  return {
    channel: 'whatsapp',
    providerMessageId: raw.id,
    from: `+${raw.from}`,
    at,
    ...(to === undefined ? {} : { to }),
    ...(context === undefined ? {} : { replyTo: context }),
    ...content,
  };
}

function contentOf(raw: Record<string, unknown>): Pick<InboundMessage, 'text' | 'payload' | 'location'> | undefined {
  switch (raw.type) {
    case 'text':
      return isRecord(raw.text) && typeof raw.text.body === 'string' ? { text: raw.text.body } : undefined;
    case 'button':
      // Template quick replies: the payload is ours (set on the template), the text what the person saw.
      return isRecord(raw.button) ? buttonOf(raw.button.text, raw.button.payload) : undefined;
    case 'interactive': {
      const interactive = raw.interactive;
      if (!isRecord(interactive)) return undefined;
      const reply = isRecord(interactive.button_reply) ? interactive.button_reply : isRecord(interactive.list_reply) ? interactive.list_reply : undefined;
      return reply ? buttonOf(reply.title, reply.id) : undefined;
    }
    case 'location': {
      const location = raw.location;
      if (!isRecord(location)) return undefined;
      const { latitude, longitude } = location;
      if (typeof latitude !== 'number' || typeof longitude !== 'number') return undefined;
      if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
      return { location: { lat: latitude, lon: longitude } };
    }
    default:
      return undefined;
  }
}

function buttonOf(title: unknown, payload: unknown): { text?: string; payload?: string } | undefined {
  const text = typeof title === 'string' && title !== '' ? title : undefined;
  const data = typeof payload === 'string' && payload !== '' ? payload : undefined;
  if (text === undefined && data === undefined) return undefined;
  return { ...(text === undefined ? {} : { text }), ...(data === undefined ? {} : { payload: data }) };
}

function unixTime(value: unknown): Date | undefined {
  const seconds = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
  return seconds === undefined ? undefined : new Date(seconds * 1000);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Shapes of the WhatsApp Cloud API (Graph API) that Beacon sends and receives, shared by the
 * adapter and the built-in simulator so both speak exactly the same wire format.
 */

export interface GraphTemplateMessage {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** Phone number in international form without '+'. */
  to: string;
  type: 'template';
  template: {
    name: string;
    language: { code: string };
    components: { type: 'body'; parameters: { type: 'text'; text: string }[] }[];
  };
  /** Returned verbatim in every status webhook of this message. */
  biz_opaque_callback_data?: string;
}

/** Free-form text: allowed only within 24 hours of the person's last message to us. */
export interface GraphTextMessage {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  type: 'text';
  text: { body: string; preview_url?: boolean };
  /** Shows the reply as an answer to the person's message. */
  context?: { message_id: string };
}

export interface GraphSendResponse {
  messaging_product: 'whatsapp';
  contacts: { input: string; wa_id: string }[];
  messages: { id: string; message_status?: 'accepted' | 'held_for_quality_assessment' | 'paused' }[];
}

export interface GraphError {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  error_data?: { messaging_product: 'whatsapp'; details: string };
  fbtrace_id: string;
}

export interface GraphErrorResponse {
  error: GraphError;
}

export type WebhookStatusName = 'sent' | 'delivered' | 'read' | 'failed';

export interface WebhookStatus {
  id: string;
  status: WebhookStatusName;
  /** Unix time in seconds, as a string. */
  timestamp: string;
  recipient_id: string;
  biz_opaque_callback_data?: string;
  pricing?: { billable: boolean; pricing_model: string; category: string };
  errors?: { code: number; title: string; message: string; error_data?: { details: string } }[];
}

export interface WebhookPayload {
  object: 'whatsapp_business_account';
  entry: {
    id: string;
    changes: {
      value: {
        messaging_product: 'whatsapp';
        metadata: { display_phone_number: string; phone_number_id: string };
        statuses: WebhookStatus[];
      };
      field: 'messages';
    }[];
  }[];
}

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body, keyed with the app secret>`. */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

/** E.164 (`+351912345678`) to the Cloud API's `to` form (`351912345678`). */
export function toWhatsAppNumber(e164: string): string {
  return e164.replace(/\D/g, '');
}

/** BCP 47 (`en`, `pt-BR`, `zh-Hant-HK`) to a WhatsApp template language code (`en`, `pt_BR`, `zh_HK`). */
export function toWhatsAppLanguage(language: string): string {
  const [base = '', ...rest] = language.split(/[-_]/);
  const region = rest.find((part) => /^[A-Za-z]{2}$/.test(part));
  return region ? `${base.toLowerCase()}_${region.toUpperCase()}` : base.toLowerCase();
}

export function buildTemplateMessage(input: { to: string; templateName: string; language: string; text: string; callbackData: string }): GraphTemplateMessage {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: toWhatsAppNumber(input.to),
    type: 'template',
    template: {
      name: input.templateName,
      language: { code: toWhatsAppLanguage(input.language) },
      components: [{ type: 'body', parameters: [{ type: 'text', text: input.text }] }],
    },
    biz_opaque_callback_data: input.callbackData,
  };
}

interface SerialisedTemplate {
  templateName: string;
  language: string;
  json: string;
}

/** Template parts kept at most: an alert has one text per language. */
const MAX_TEMPLATES = 100;

/**
 * Serialises template messages exactly as `JSON.stringify(buildTemplateMessage(input))`, reusing the
 * serialised template (name, language, text: the same for every message of an alert) between
 * messages, so a send serialises only the number and the callback data.
 */
export class TemplateMessageJson {
  private readonly byText = new Map<string, SerialisedTemplate[]>();

  build(input: { to: string; templateName: string; language: string; text: string; callbackData: string }): string {
    return `{"messaging_product":"whatsapp","recipient_type":"individual","to":${JSON.stringify(toWhatsAppNumber(input.to))},"type":"template","template":${this.template(input)},"biz_opaque_callback_data":${JSON.stringify(input.callbackData)}}`;
  }

  private template({ templateName, language, text }: { templateName: string; language: string; text: string }): string {
    let known = this.byText.get(text);
    const found = known?.find((entry) => entry.templateName === templateName && entry.language === language);
    if (found) return found.json;
    if (this.byText.size >= MAX_TEMPLATES) this.byText.clear();
    const json = JSON.stringify(buildTemplateMessage({ to: '', templateName, language, text, callbackData: '' }).template);
    known = this.byText.get(text) ?? [];
    known.push({ templateName, language, json });
    this.byText.set(text, known);
    return json;
  }
}

export function buildTextMessage(input: { to: string; text: string; replyTo?: string }): GraphTextMessage {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: toWhatsAppNumber(input.to),
    type: 'text',
    text: { body: input.text, preview_url: false },
    ...(input.replyTo === undefined ? {} : { context: { message_id: input.replyTo } }),
  };
}

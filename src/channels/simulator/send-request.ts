/** What the simulator keeps of a valid template or text send request. */
export interface SendRequest {
  type: 'template' | 'text';
  to: string;
  /** Empty for a text message. */
  templateName: string;
  language: string;
  text: string;
  callbackData: string | null;
}

export type ParsedSendRequest = { ok: true; request: SendRequest } | { ok: false; details: string };

/** Checks a `POST /{phone-number-id}/messages` body the way the Cloud API does, for template messages. */
export function parseSendRequest(body: unknown): ParsedSendRequest {
  if (!isRecord(body)) return fail('The request body must be a JSON object');
  if (body.messaging_product !== 'whatsapp') return fail('The parameter messaging_product is required and must be "whatsapp"');
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') return fail('recipient_type must be "individual"');
  if (typeof body.to !== 'string' || !/^\+?\d{7,15}$/.test(body.to)) return fail('The parameter to must be a phone number in international format');
  if (body.type === 'text') return parseText(body, body.to);
  if (body.type !== 'template') return fail('The simulator accepts messages of type "template" or "text" only');
  const template = body.template;
  if (!isRecord(template)) return fail('The parameter template is required');
  if (typeof template.name !== 'string' || template.name === '') return fail('The parameter template.name is required');
  const language = isRecord(template.language) ? template.language.code : undefined;
  if (typeof language !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(language)) return fail('The parameter template.language.code is required');
  const text = bodyText(template.components);
  if (text === undefined) return fail('template.components must be a list of components with text parameters');
  const callback = body.biz_opaque_callback_data;
  if (callback !== undefined && (typeof callback !== 'string' || callback.length > 512)) return fail('biz_opaque_callback_data must be a string of at most 512 characters');
  return { ok: true, request: { type: 'template', to: body.to.replace('+', ''), templateName: template.name, language, text, callbackData: callback ?? null } };
}

function parseText(body: Record<string, unknown>, to: string): ParsedSendRequest {
  const text = isRecord(body.text) ? body.text.body : undefined;
  if (typeof text !== 'string' || text === '') return fail('The parameter text.body is required');
  if (text.length > 4096) return fail('text.body must be at most 4096 characters');
  return { ok: true, request: { type: 'text', to: to.replace('+', ''), templateName: '', language: '', text, callbackData: null } };
}

function bodyText(components: unknown): string | undefined {
  if (components === undefined) return '';
  if (!Array.isArray(components)) return undefined;
  const texts: string[] = [];
  for (const component of components as unknown[]) {
    if (!isRecord(component) || typeof component.type !== 'string') return undefined;
    if (component.type !== 'body') continue;
    if (!Array.isArray(component.parameters)) return undefined;
    for (const parameter of component.parameters as unknown[]) {
      if (!isRecord(parameter) || parameter.type !== 'text' || typeof parameter.text !== 'string') return undefined;
      texts.push(parameter.text);
    }
  }
  return texts.join('\n');
}

function fail(details: string): ParsedSendRequest {
  return { ok: false, details };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

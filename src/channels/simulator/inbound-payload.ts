import { randomBytes } from 'node:crypto';

/** An inbound message the simulator makes a person send (as the Cloud API reports it). */
export interface SimulatedInbound {
  /** Digits only, international form, like the Cloud API's `from`. */
  from: string;
  phoneNumberId: string;
  text?: string;
  /** A tapped template quick-reply button: its text and our payload. */
  button?: { text: string; payload: string };
  location?: { latitude: number; longitude: number; name?: string };
  /** The wamid of our message this one answers. */
  replyTo?: string;
}

/** The Cloud API webhook body of one inbound message; answers it with the new message id. */
export function inboundPayload(message: SimulatedInbound, unixSeconds: number): { id: string; payload: unknown } {
  const id = `wamid.${randomBytes(24).toString('base64url')}`;
  const content = message.location
    ? { type: 'location', location: message.location }
    : message.button
      ? { type: 'button', button: message.button }
      : { type: 'text', text: { body: message.text ?? '' } };
  const payload = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '100000000000000',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: `1555${message.phoneNumberId.slice(-7)}`, phone_number_id: message.phoneNumberId },
              contacts: [{ profile: { name: 'Simulated Person' }, wa_id: message.from }],
              messages: [
                {
                  ...(message.replyTo === undefined ? {} : { context: { from: `1555${message.phoneNumberId.slice(-7)}`, id: message.replyTo } }),
                  from: message.from,
                  id,
                  timestamp: String(unixSeconds),
                  ...content,
                },
              ],
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
  return { id, payload };
}

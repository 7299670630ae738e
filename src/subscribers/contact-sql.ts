/**
 * The address a channel sends to, as SQL over a `subscriber` row: the email address for `email`,
 * the phone number for the phone channels (WhatsApp, SMS), NULL for anything else (the `webhook`
 * channel reaches partner systems, never a person) or when the person has no such address.
 * Audience freeze and channel fallback both use it, so they cannot disagree.
 */
export function recipientSql(channel: string, subscriber: string): string {
  return `CASE WHEN ${channel} = 'email' THEN ${subscriber}.email WHEN ${channel} IN ('whatsapp', 'sms') THEN ${subscriber}.phone END`;
}

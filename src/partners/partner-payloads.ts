import type { DataSource } from 'typeorm';
import { AlertEntity } from '../alerts/alert.entity.js';
import { alertToCap } from '../alerts/cap/alert-to-cap.js';
import { writeCap } from '../alerts/cap/cap-writer.js';
import { WebhookPayloads, type WebhookPayload } from '../channels/webhook/webhook-payloads.js';

const CONTENT_TYPES: Record<string, string> = { cap: 'application/cap+xml; charset=utf-8', json: 'application/json; charset=utf-8' };
/** Documents kept rendered: one per (run, format); a run's alert does not change once dispatched. */
const CACHE_SIZE = 64;

/**
 * The webhook adapter's payloads: the partner behind a delivery (still active) and its run's alert,
 * as CAP 1.2 XML (the same document as GET /alerts/:id/cap) or as JSON `{ alertId, cap }` holding
 * the same CAP message as an object.
 */
export class PartnerPayloads extends WebhookPayloads {
  private readonly documents = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly capSender: string,
  ) {
    super();
  }

  async forDelivery(deliveryId: string): Promise<WebhookPayload | undefined> {
    const rows: { run_id: string; format: string; secret: string }[] = await this.dataSource.query(
      `SELECT d.run_id, p.format, p.secret FROM delivery d JOIN partner_endpoint p ON p.id = d.subscriber_id
       WHERE d.id = $1 AND d.channel = 'webhook' AND p.active`,
      [deliveryId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const body = await this.document(row.run_id, row.format);
    return body === undefined ? undefined : { body, contentType: CONTENT_TYPES[row.format] ?? 'application/octet-stream', secret: row.secret };
  }

  private async document(runId: string, format: string): Promise<string | undefined> {
    const key = `${runId}:${format}`;
    const cached = this.documents.get(key);
    if (cached !== undefined) return cached;
    const alert = await this.dataSource.getRepository(AlertEntity).findOneBy({ dispatchRunId: runId });
    if (!alert) return undefined;
    const cap = alertToCap(alert, this.capSender);
    const document = format === 'json' ? JSON.stringify({ alertId: alert.id, cap }) : writeCap(cap);
    if (this.documents.size >= CACHE_SIZE) this.documents.delete(this.documents.keys().next().value!);
    this.documents.set(key, document);
    return document;
  }
}

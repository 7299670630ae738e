import { Inject, Injectable } from '@nestjs/common';
import { BEACON_CONFIG } from '../../config/config.module.js';
import type { BeaconConfig } from '../../config/config.js';
import type { AlertEntity } from '../alert.entity.js';
import { AlertNotFoundError } from '../alerts.errors.js';
import { AlertsRepository } from '../alerts.repository.js';
import { CapService } from '../cap/cap.service.js';
import { writeAtom } from './atom.js';

const FEED_SIZE = 100;

/** The public face of Beacon for aggregators: current Actual Public alerts, as Atom and CAP. */
@Injectable()
export class FeedService {
  constructor(
    private readonly repository: AlertsRepository,
    private readonly cap: CapService,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {}

  async atom(requestBaseUrl: string, now = new Date()): Promise<string> {
    const base = this.config.cap.publicUrl ?? requestBaseUrl;
    const alerts = await this.repository.listPublished(now, FEED_SIZE);
    return writeAtom({
      selfUrl: `${base}/feeds/alerts.atom`,
      title: `Public alerts from ${this.config.cap.sender}`,
      author: this.config.cap.sender,
      updated: alerts.reduce<Date | undefined>((latest, alert) => (latest && latest > alert.updatedAt ? latest : alert.updatedAt), undefined) ?? now,
      entries: alerts.map((alert) => ({
        id: `urn:uuid:${alert.id}`,
        title: alert.headline,
        updated: alert.updatedAt,
        published: alert.decidedAt,
        summary: summaryOf(alert),
        category: alert.event,
        capUrl: `${base}/feeds/alerts/${alert.id}.cap`,
      })),
    });
  }

  /** The CAP document of a published alert; any other alert is not found, so drafts never leak. */
  async publishedCap(id: string, now = new Date()): Promise<string> {
    const [alert] = await this.repository.listPublished(now, 1, id);
    if (!alert) throw new AlertNotFoundError(id);
    return this.cap.toXml(alert);
  }
}

function summaryOf(alert: AlertEntity): string {
  const info = alert.capInfos?.[0];
  return info?.description ?? Object.values(alert.texts)[0] ?? alert.headline;
}

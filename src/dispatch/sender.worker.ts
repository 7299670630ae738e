import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { firstValueFrom, race, timer } from 'rxjs';
import type { SendOutcome } from '../channels/channel.js';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { BEACON_CONFIG } from '../config/config.module.js';
import type { BeaconConfig } from '../config/config.js';
import { retryDelayMs } from './backoff.js';
import { DispatchRepository } from './dispatch.repository.js';
import { DispatchSignals } from './dispatch-signals.js';
import type { ClaimedDelivery, DeliveryOutcome } from './dispatch.types.js';
import { pickMessage } from './message-text.js';
import { OutcomeBuffer } from './outcome-buffer.js';
import { SenderPool } from './sender-pool.js';

const MAX_BATCHES_IN_FLIGHT = 2;

/**
 * Claims due deliveries in batches and sends them through each channel's paced sender pool.
 * On shutdown it stops claiming, lets requests already in flight finish, records every result
 * and hands back leases it had not used.
 */
@Injectable()
export class SenderWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SenderWorker');
  private readonly workerId = `worker-${randomUUID()}`;
  private readonly pools = new Map<string, SenderPool>();
  private readonly runs = new Map<string, { messages: Record<string, string>; defaultLanguage: string }>();
  private readonly outcomes: OutcomeBuffer;
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly repository: DispatchRepository,
    private readonly channels: ChannelRegistry,
    private readonly signals: DispatchSignals,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {
    this.outcomes = new OutcomeBuffer(
      (batch) => this.writeOutcomes(batch),
      (error) => this.logger.error(`Recording send results failed: ${String(error)}`),
    );
  }

  onApplicationBootstrap() {
    if (this.config.dispatch.workersEnabled) this.start();
  }

  start() {
    this.loop ??= this.run();
  }

  async beforeApplicationShutdown() {
    this.stopping = true;
    this.signals.work$.next();
    await this.loop;
    await this.outcomes.flush();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      if (this.inFlight.size >= MAX_BATCHES_IN_FLIGHT) {
        await Promise.race(this.inFlight);
        continue;
      }
      const batch = await this.claim();
      if (batch.length === 0) {
        await this.idle();
        continue;
      }
      const processing: Promise<void> = this.process(batch).finally(() => this.inFlight.delete(processing));
      this.inFlight.add(processing);
    }
    await Promise.all(this.inFlight);
  }

  private async claim(): Promise<ClaimedDelivery[]> {
    const { claimBatchSize, leaseSeconds } = this.config.dispatch;
    try {
      return await this.repository.claimDue(this.workerId, claimBatchSize, leaseSeconds);
    } catch (error) {
      this.logger.error(`Claiming deliveries failed: ${String(error)}`);
      return [];
    }
  }

  private idle(): Promise<unknown> {
    return firstValueFrom(race(this.signals.work$, timer(this.config.dispatch.idlePollMs)));
  }

  private async process(batch: ClaimedDelivery[]): Promise<void> {
    await this.loadRuns(batch);
    await Promise.all(batch.map((delivery) => this.sendOne(delivery).then((outcome) => this.outcomes.add(outcome))));
  }

  private async sendOne(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
    const pool = this.poolFor(delivery.channel);
    const run = this.runs.get(delivery.runId);
    if (!pool || !run) {
      return { id: delivery.id, kind: 'failed', senderId: null, code: 'channel_unavailable', message: `No adapter for channel ${delivery.channel}.` };
    }
    const message = pickMessage(run.messages, delivery.language, run.defaultLanguage);
    return pool.run(async (senderId): Promise<DeliveryOutcome> => {
      if (this.stopping) return { id: delivery.id, kind: 'released' };
      const outcome = await pool.adapter
        .send({ deliveryId: delivery.id, senderId, recipient: delivery.recipient, language: message.language, text: message.text })
        .catch((error: unknown): SendOutcome => ({ kind: 'retryable', code: 'adapter_error', message: String(error), rateLimited: false }));
      if (outcome.kind === 'retryable' && outcome.rateLimited) pool.backOff(senderId);
      return this.toDeliveryOutcome(delivery, senderId, outcome);
    });
  }

  private toDeliveryOutcome(delivery: ClaimedDelivery, senderId: string, outcome: SendOutcome): DeliveryOutcome {
    const now = Date.now();
    switch (outcome.kind) {
      case 'accepted':
        return { id: delivery.id, kind: 'sent', senderId, providerMessageId: outcome.providerMessageId };
      case 'permanent':
        return { id: delivery.id, kind: 'failed', senderId, code: outcome.code, message: outcome.message };
      case 'unknown':
        return { id: delivery.id, kind: 'unknown', senderId, code: outcome.code, message: outcome.message, retryAt: new Date(now + this.config.dispatch.unknownResendMs) };
      case 'retryable': {
        if (delivery.attempts >= this.config.dispatch.maxAttempts) {
          return { id: delivery.id, kind: 'failed', senderId, code: outcome.code, message: `Gave up after ${delivery.attempts} attempts: ${outcome.message}` };
        }
        const wait = Math.max(outcome.retryAfterMs ?? 0, retryDelayMs(delivery.attempts));
        return { id: delivery.id, kind: 'retry', senderId, code: outcome.code, message: outcome.message, retryAt: new Date(now + wait) };
      }
    }
  }

  private poolFor(channel: string): SenderPool | undefined {
    let pool = this.pools.get(channel);
    if (!pool) {
      const adapter = this.channels.get(channel);
      if (!adapter) return undefined;
      const { ratePerSecond, burst, concurrency } = this.config.dispatch;
      pool = new SenderPool(adapter, { ratePerSecond, burst, concurrency });
      this.pools.set(channel, pool);
    }
    return pool;
  }

  private async loadRuns(batch: ClaimedDelivery[]): Promise<void> {
    const missing = [...new Set(batch.map((delivery) => delivery.runId))].filter((id) => !this.runs.has(id));
    if (missing.length === 0) return;
    for (const run of await this.repository.findRuns(missing)) {
      this.runs.set(run.id, { messages: run.messages, defaultLanguage: run.default_language });
    }
  }

  /** A lost result would leave a lease to expire and the message to be sent again: retry the write. */
  private async writeOutcomes(batch: DeliveryOutcome[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.repository.recordOutcomes(batch);
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }
}

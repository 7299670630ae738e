import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { firstValueFrom, race, timer } from 'rxjs';
import type { SendOutcome } from '../channels/channel.js';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { BEACON_CONFIG } from '../config/config.module.js';
import type { BeaconConfig } from '../config/config.js';
import { DispatchRepository } from './dispatch.repository.js';
import { DispatchSignals } from './dispatch-signals.js';
import type { ClaimedDelivery, DeliveryOutcome } from './dispatch.types.js';
import { type FallbackPolicy, fallbackPolicy } from './fallback-policy.js';
import { LeaseKeeper } from './lease-keeper.js';
import { pickMessage } from './message-text.js';
import { OutcomeBuffer } from './outcome-buffer.js';
import { PacingRepository } from './pacing.repository.js';
import { RunStates } from './run-states.js';
import { SenderPool } from './sender-pool.js';
import { SenderSlots } from './sender-slots.js';
import { toDeliveryOutcome } from './send-result.js';

const MAX_BATCHES_IN_FLIGHT = 2;
/** How often a busy worker looks for a more urgent alert than the ones it is sending. */
const URGENT_CHECK_MS = 250;

/**
 * Claims due deliveries in batches (leases, kept alive while held) and sends them through each
 * channel's paced sender pool. Before each send it checks the run is still running (a cache
 * refreshed every 200 ms), so pause and abort take effect within a fraction of a second.
 * On shutdown it stops claiming, lets requests in flight finish, records every result and hands
 * back leases it had not used.
 */
@Injectable()
export class SenderWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SenderWorker');
  readonly workerId = `worker-${randomUUID()}`;
  private readonly pools = new Map<string, Promise<SenderPool | undefined>>();
  private readonly slots: SenderSlots[] = [];
  private readonly outcomes: OutcomeBuffer;
  private readonly runs: RunStates;
  private readonly leases: LeaseKeeper;
  private readonly fallback: FallbackPolicy;
  private readonly inFlight = new Set<Promise<void>>();
  private heldPriorities: number[] = [];
  private stopping = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly repository: DispatchRepository,
    private readonly pacing: PacingRepository,
    private readonly channels: ChannelRegistry,
    private readonly signals: DispatchSignals,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {
    const logError = (what: string) => (error: unknown) => this.logger.error(`${what} failed: ${String(error)}`);
    this.outcomes = new OutcomeBuffer((batch) => this.writeOutcomes(batch), logError('Recording send results'));
    this.runs = new RunStates(repository, 200, logError('Refreshing run states'));
    this.leases = new LeaseKeeper(repository, this.workerId, config.dispatch.leaseSeconds, logError('Renewing leases'));
    this.fallback = fallbackPolicy(config.dispatch.fallbackAfterSeconds, config.dispatch.fallbackConfirmingChannels);
  }

  onApplicationBootstrap() {
    if (this.config.dispatch.workersEnabled) this.start();
  }

  start() {
    this.runs.start();
    this.leases.start();
    // Sender pools (their pacing rows) are made now, not on the first message of the first alert.
    for (const channel of this.channels.channels()) {
      this.poolFor(channel).catch((error: unknown) => this.logger.error(`Preparing the ${channel} senders failed: ${String(error)}`));
    }
    this.loop ??= this.run();
  }

  async beforeApplicationShutdown() {
    this.stopping = true;
    for (const slots of this.slots) slots.close();
    this.signals.work$.next();
    await this.loop;
    await this.outcomes.flush();
    this.runs.stop();
    this.leases.stop();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      if (this.inFlight.size >= MAX_BATCHES_IN_FLIGHT && !(await this.urgentWorkWaiting())) continue;
      const batch = await this.claim();
      if (batch.length === 0) {
        await this.idle();
        continue;
      }
      this.leases.hold(batch.map((delivery) => delivery.id));
      const priority = Math.max(...batch.map((delivery) => delivery.priority));
      this.heldPriorities.push(priority);
      const processing: Promise<void> = this.process(batch).finally(() => {
        this.inFlight.delete(processing);
        this.heldPriorities.splice(this.heldPriorities.indexOf(priority), 1);
      });
      this.inFlight.add(processing);
    }
    await Promise.all(this.inFlight);
  }

  /** Waits for a batch to finish or for the next look; true when a more urgent alert is due than any held. */
  private async urgentWorkWaiting(): Promise<boolean> {
    await Promise.race([...this.inFlight, firstValueFrom(race(this.signals.work$, timer(URGENT_CHECK_MS)))]);
    if (this.stopping || this.inFlight.size < MAX_BATCHES_IN_FLIGHT) return this.stopping ? false : true;
    const urgent = await this.repository.mostUrgentDue().catch(() => undefined);
    return urgent !== undefined && urgent < Math.min(...this.heldPriorities);
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
    try {
      await this.runs.load(batch.map((delivery) => delivery.runId));
    } catch (error) {
      this.logger.error(`Loading runs failed: ${String(error)}`);
      for (const delivery of batch) this.finish({ id: delivery.id, kind: 'released' });
      return;
    }
    await Promise.all(batch.map((delivery) => this.sendOne(delivery).then((outcome) => this.finish(outcome))));
  }

  private finish(outcome: DeliveryOutcome): void {
    this.leases.release(outcome.id);
    this.outcomes.add(outcome);
  }

  private async sendOne(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
    const pool = await this.poolFor(delivery.channel);
    const run = this.runs.get(delivery.runId);
    if (!pool || !run) {
      return { id: delivery.id, kind: 'failed', senderId: null, code: 'channel_unavailable', message: `No adapter for channel ${delivery.channel}.` };
    }
    const message = pickMessage(run.messages, delivery.language, run.defaultLanguage);
    const released: DeliveryOutcome = { id: delivery.id, kind: 'released' };
    return pool.run(
      delivery.priority,
      async (senderId, slotAt): Promise<DeliveryOutcome> => {
        if (this.stopping) return released;
        // Checked at the last moment: a pause or abort stops sends already claimed.
        if (run.state === 'aborted') return { id: delivery.id, kind: 'failed', senderId: null, code: 'run_aborted', message: 'The dispatch was aborted before this message was sent.' };
        if (run.state !== 'running') return released;
        const outcome = await pool.adapter
          .send({ deliveryId: delivery.id, senderId, recipient: delivery.recipient, language: message.language, text: message.text, slotAt, ...(run.subject ? { subject: run.subject } : {}) })
          .catch((error: unknown): SendOutcome => ({ kind: 'retryable', code: 'adapter_error', message: String(error), rateLimited: false }));
        if (outcome.kind === 'retryable' && outcome.rateLimited && !outcome.perRecipient) this.backOff(senderId, outcome.retryAfterMs);
        return toDeliveryOutcome(delivery, senderId, outcome, Date.now(), this.config.dispatch);
      },
      () => released,
    );
  }

  private backOff(senderId: string, retryAfterMs: number | undefined): void {
    this.pacing.backOff(senderId, Math.min(retryAfterMs ?? 1000, 60_000)).catch((error: unknown) => this.logger.error(`Backing off failed: ${String(error)}`));
  }

  private poolFor(channel: string): Promise<SenderPool | undefined> {
    let pool = this.pools.get(channel);
    if (!pool) {
      pool = this.createPool(channel);
      this.pools.set(channel, pool);
      pool.catch(() => this.pools.delete(channel));
    }
    return pool;
  }

  private async createPool(channel: string): Promise<SenderPool | undefined> {
    const adapter = this.channels.get(channel);
    if (!adapter) return undefined;
    const { ratePerSecond, burst, concurrency } = this.config.dispatch;
    await Promise.all(adapter.senderIds.map((senderId) => this.pacing.ensureSender(senderId, ratePerSecond)));
    // Blocks of about 50 ms of sending: few reservations, and an urgent message waits at most one block.
    const blockSize = Math.min(500, Math.max(1, Math.ceil(ratePerSecond * 0.05)));
    return new SenderPool(adapter, concurrency, (senderId, backlog) => {
      const slots = new SenderSlots({
        backlog,
        reserve: async (count) => {
          const block = await this.pacing.reserve(senderId, count, burst);
          return { firstAtMs: block.firstAtMs, spacingMs: block.spacingMs, count: block.count, lenderNowMs: block.dbNowMs };
        },
        blockSize,
        onError: (error) => this.logger.error(`Reserving send slots failed: ${String(error)}`),
      });
      this.slots.push(slots);
      if (this.stopping) slots.close();
      return slots;
    });
  }

  /** A lost result would leave a lease to expire and the message to be sent again: retry the write. */
  private async writeOutcomes(batch: DeliveryOutcome[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.repository.recordOutcomes(batch, this.fallback);
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }
}

import type { DispatchRepository } from './dispatch.repository.js';

/**
 * Keeps this worker's leases alive while it holds deliveries (waiting for a slot or in flight),
 * so a short lease (seconds) only expires when the worker is really gone.
 */
export class LeaseKeeper {
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private renewing = false;

  constructor(
    private readonly repository: DispatchRepository,
    private readonly workerId: string,
    private readonly leaseSeconds: number,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.renew(), Math.max(200, (this.leaseSeconds * 1000) / 3));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  hold(ids: readonly string[]): void {
    for (const id of ids) this.held.add(id);
  }

  release(id: string): void {
    this.held.delete(id);
  }

  private async renew(): Promise<void> {
    if (this.renewing || this.held.size === 0) return;
    this.renewing = true;
    try {
      await this.repository.renewLeases(this.workerId, [...this.held], this.leaseSeconds);
    } catch (error) {
      this.onError(error);
    } finally {
      this.renewing = false;
    }
  }
}

import type { DispatchRepository } from './dispatch.repository.js';

export interface CachedRun {
  messages: Record<string, string>;
  defaultLanguage: string;
  state: string;
  subject: string | null;
}

/**
 * What a worker knows of the runs it holds deliveries of: texts (fixed) and state (refreshed every
 * `refreshMs`), so a send checks whether its run was paused or aborted without a query per message.
 */
export class RunStates {
  private readonly runs = new Map<string, CachedRun>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing = false;

  constructor(
    private readonly repository: DispatchRepository,
    private readonly refreshMs = 200,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  get(runId: string): CachedRun | undefined {
    return this.runs.get(runId);
  }

  /** Loads the runs not known yet. */
  async load(runIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(runIds)].filter((id) => !this.runs.has(id));
    if (missing.length === 0) return;
    for (const run of await this.repository.findRuns(missing)) {
      this.runs.set(run.id, { messages: run.messages, defaultLanguage: run.default_language, state: run.state, subject: run.subject });
    }
  }

  /** Re-reads the state of every known run that was still sendable; finished runs are forgotten. */
  async refresh(): Promise<void> {
    const watched = [...this.runs].filter(([, run]) => run.state === 'running' || run.state === 'paused').map(([id]) => id);
    if (this.refreshing || watched.length === 0) return;
    this.refreshing = true;
    try {
      const states = new Map((await this.repository.runStates(watched)).map((row) => [row.id, row.state]));
      for (const id of watched) {
        const run = this.runs.get(id);
        const state = states.get(id);
        if (run && state) run.state = state;
      }
      for (const [id, run] of this.runs) if (run.state === 'completed') this.runs.delete(id);
    } catch (error) {
      this.onError(error);
    } finally {
      this.refreshing = false;
    }
  }
}

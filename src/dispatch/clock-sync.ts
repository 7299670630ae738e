interface Sample {
  offsetMs: number;
  rttMs: number;
}

/**
 * Estimates another clock (the database's) relative to ours from round trips, as NTP does: a sample
 * is `remote - midpoint of the round trip`, wrong by at most half its round trip, so the sample with
 * the shortest recent round trip is the one to trust. A single sample per block (the previous way)
 * moved whole blocks of slots by up to half a slow round trip, bunching sends of different processes.
 */
export class ClockSync {
  private readonly samples: Sample[] = [];

  constructor(private readonly keep = 32) {}

  add(sentAt: number, receivedAt: number, remoteNow: number): void {
    this.samples.push({ offsetMs: remoteNow - (sentAt + receivedAt) / 2, rttMs: Math.max(0, receivedAt - sentAt) });
    if (this.samples.length > this.keep) this.samples.shift();
  }

  /** Remote clock minus ours. */
  get offsetMs(): number {
    return this.best()?.offsetMs ?? 0;
  }

  /** The most `offsetMs` can be wrong by. */
  get errorMs(): number {
    return (this.best()?.rttMs ?? 0) / 2;
  }

  /** The longest of the last few round trips: how far ahead to ask for what will be needed. */
  get recentRttMs(): number {
    let longest = 0;
    for (const sample of this.samples.slice(-4)) longest = Math.max(longest, sample.rttMs);
    return longest;
  }

  private best(): Sample | undefined {
    let best: Sample | undefined;
    for (const sample of this.samples) if (!best || sample.rttMs <= best.rttMs) best = sample;
    return best;
  }
}

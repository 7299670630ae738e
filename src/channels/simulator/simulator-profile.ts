/** How the simulated Cloud API behaves. Rates are probabilities in [0, 1]; times in milliseconds. */
export interface SimulatorProfile {
  /** Added before every answer. */
  latencyMs: number;
  /** Share of sends refused for throughput (Graph code 130429, sent by Meta over HTTP 400). */
  rate429: number;
  /** Share of sends answered HTTP 500, Graph code 131000. */
  rate5xx: number;
  /** Share of accepted messages later reported `failed` by webhook (131026 undeliverable), as Meta does. */
  permanentFailureRate: number;
  /** Share of accepted messages whose answer is held for `timeoutHoldMs`: the client times out, the message still goes. */
  timeoutRate: number;
  timeoutHoldMs: number;
  /** `delivered` comes this long after acceptance (`sent` comes at once). */
  deliverDelayMs: number;
  /** `read` comes this long after acceptance, for a share `readRate` of the delivered messages. */
  readDelayMs: number;
  readRate: number;
  /** Share of status webhooks posted twice (providers retry and duplicate; Beacon must not care). */
  duplicateRate: number;
  /** Share of read messages the person answers (after `replyDelayMs`), and the share of those answers that are HELP (else SAFE). */
  replyRate: number;
  helpRate: number;
  replyDelayMs: number;
  /** Each status webhook is delayed by a random extra up to this, so statuses sometimes arrive out of order. */
  jitterMs: number;
}

const RATES = ['rate429', 'rate5xx', 'permanentFailureRate', 'timeoutRate', 'readRate', 'replyRate', 'helpRate', 'duplicateRate'] as const;
const DURATIONS = ['latencyMs', 'timeoutHoldMs', 'deliverDelayMs', 'readDelayMs', 'replyDelayMs', 'jitterMs'] as const;

/** Deliver everything, read everything, no faults. */
export function defaultProfile(delays: { deliverDelayMs: number; readDelayMs: number; readRate: number }): SimulatorProfile {
  return {
    latencyMs: 0,
    rate429: 0,
    rate5xx: 0,
    permanentFailureRate: 0,
    timeoutRate: 0,
    timeoutHoldMs: 60_000,
    deliverDelayMs: delays.deliverDelayMs,
    readDelayMs: delays.readDelayMs,
    readRate: delays.readRate,
    duplicateRate: 0,
    replyRate: 0,
    helpRate: 0.1,
    replyDelayMs: 100,
    jitterMs: 0,
  };
}

/** The profile with `changes` applied; throws RangeError naming the first bad field. */
export function mergeProfile(base: SimulatorProfile, changes: Partial<SimulatorProfile>): SimulatorProfile {
  const merged = { ...base, ...changes };
  for (const key of RATES) {
    if (!(merged[key] >= 0 && merged[key] <= 1)) throw new RangeError(`${key} must be between 0 and 1`);
  }
  for (const key of DURATIONS) {
    if (!(Number.isFinite(merged[key]) && merged[key] >= 0)) throw new RangeError(`${key} must be a non-negative number`);
  }
  if (merged.rate429 + merged.rate5xx > 1) throw new RangeError('rate429 + rate5xx must not exceed 1');
  return merged;
}

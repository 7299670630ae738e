/** Lower sends first. Severity dominates urgency: an Extreme/Expected goes before a Severe/Immediate. */
const SEVERITY = { Extreme: 0, Severe: 1, Moderate: 2, Minor: 3, Unknown: 4 } as const;
const URGENCY = { Immediate: 0, Expected: 1, Future: 2, Past: 3, Unknown: 4 } as const;

export type Severity = keyof typeof SEVERITY;
export type Urgency = keyof typeof URGENCY;
export const SEVERITIES = Object.keys(SEVERITY) as Severity[];
export const URGENCIES = Object.keys(URGENCY) as Urgency[];

export function dispatchPriority(severity: Severity, urgency: Urgency): number {
  return SEVERITY[severity] * 10 + URGENCY[urgency];
}

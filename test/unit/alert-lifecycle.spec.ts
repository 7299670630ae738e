import { describe, expect, it } from 'vitest';
import { ALERT_STATES, approvalOutcome, followedState, planCancel, scheduledOutcome, transition, type AlertAction, type AlertState } from '../../src/alerts/alert-lifecycle.js';

const AUTHOR = 'author';
const OTHER = 'other';

const allowed: [AlertAction, AlertState, AlertState][] = [
  ['submit', 'draft', 'pending_approval'],
  ['approve', 'pending_approval', 'approved'],
  ['reject', 'pending_approval', 'rejected'],
  ['cancel', 'draft', 'cancelled'],
  ['cancel', 'pending_approval', 'cancelled'],
  ['cancel', 'approved', 'cancelled'],
  ['cancel', 'scheduled', 'cancelled'],
  ['cancel', 'dispatching', 'cancelled'],
  ['cancel', 'completed', 'cancelled'],
];

describe('alert lifecycle', () => {
  it.each(allowed)('%s from %s goes to %s', (action, from, to) => {
    expect(transition({ state: from, createdBy: AUTHOR }, action, OTHER)).toEqual({ ok: true, next: to });
  });

  it('refuses every other transition', () => {
    const actions: AlertAction[] = ['submit', 'approve', 'reject', 'cancel'];
    for (const action of actions) {
      for (const state of ALERT_STATES) {
        if (allowed.some(([a, from]) => a === action && from === state)) continue;
        const result = transition({ state, createdBy: AUTHOR }, action, OTHER);
        expect(result, `${action} from ${state}`).toMatchObject({ ok: false, refusal: { code: 'alert.invalid_transition' } });
      }
    }
  });

  it.each(['approve', 'reject'] as const)('the author cannot %s their own alert', (action) => {
    expect(transition({ state: 'pending_approval', createdBy: AUTHOR }, action, AUTHOR)).toMatchObject({
      ok: false,
      refusal: { code: 'alert.self_approval' },
    });
  });
});

describe('cancel, scheduling and follow-ups', () => {
  it.each([
    ['draft', false, 'cancel_now'],
    ['pending_approval', false, 'cancel_now'],
    ['scheduled', false, 'cancel_now'],
    ['dispatching', false, 'cancel_now'],
    ['dispatching', true, 'cancel_message'],
    ['completed', true, 'cancel_message'],
    ['completed', false, 'cancel_now'],
  ] as [AlertState, boolean, string][])('cancel from %s (reached anyone: %s) is %s', (state, reached, plan) => {
    expect(planCancel(state, reached)).toEqual({ ok: true, plan });
  });

  it.each(['rejected', 'cancelled', 'superseded', 'expired'] as AlertState[])('refuses to cancel an alert that is %s', (state) => {
    expect(planCancel(state, true)).toMatchObject({ ok: false, refusal: { code: 'alert.invalid_transition' } });
  });

  it('an approval before the onset schedules; at or after it, dispatches', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(approvalOutcome({ onsetAt: null }, now)).toBe('dispatch');
    expect(approvalOutcome({ onsetAt: new Date('2026-11-25T12:00:01Z') }, now)).toBe('schedule');
    expect(approvalOutcome({ onsetAt: now }, now)).toBe('dispatch');
  });

  it('a scheduled alert waits for its onset, starts then, and expires instead when its expiry comes first', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const at = (iso: string | null) => (iso ? new Date(iso) : null);
    expect(scheduledOutcome({ onsetAt: at('2026-11-25T12:00:05Z'), expiresAt: null }, now)).toBe('wait');
    expect(scheduledOutcome({ onsetAt: at('2026-11-25T11:59:59Z'), expiresAt: at('2026-11-25T13:00:00Z') }, now)).toBe('start');
    expect(scheduledOutcome({ onsetAt: at('2026-11-25T12:30:00Z'), expiresAt: at('2026-11-25T12:00:00Z') }, now)).toBe('expire');
    expect(scheduledOutcome({ onsetAt: at('2026-11-25T11:00:00Z'), expiresAt: at('2026-11-25T11:30:00Z') }, now)).toBe('expire');
  });

  it('an Update supersedes the earlier alerts, a Cancel cancels them', () => {
    expect(followedState('Update')).toBe('superseded');
    expect(followedState('Cancel')).toBe('cancelled');
  });
});

import { describe, expect, it } from 'vitest';
import { ALERT_STATES, transition, type AlertAction, type AlertState } from '../../src/alerts/alert-lifecycle.js';

const AUTHOR = 'author';
const OTHER = 'other';

const allowed: [AlertAction, AlertState, AlertState][] = [
  ['submit', 'draft', 'pending_approval'],
  ['approve', 'pending_approval', 'approved'],
  ['reject', 'pending_approval', 'rejected'],
  ['cancel', 'draft', 'cancelled'],
  ['cancel', 'pending_approval', 'cancelled'],
  ['cancel', 'approved', 'cancelled'],
  ['cancel', 'dispatching', 'cancelled'],
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

import { describe, expect, it } from 'vitest';
import { transition } from '../../src/alerts/alert-lifecycle.js';
import {
  approvalsRequiredFor, approvalsRequiredOf, assertApprovalStillValid, assertNotApprovedBy, assertStatusChangeAllowed, assertStatusConfirmed, staleApprovals,
} from '../../src/alerts/approval/approval-rules.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const HASH = 'a'.repeat(64);
const OTHER_HASH = 'b'.repeat(64);
const ALERT = { id: 'alert-1', createdBy: 'author' };
const approval = (approverId: string, contentHash = HASH, approvalsRequired = 1) => ({ approverId, contentHash, approvalsRequired, approvedAt: new Date(0) });

function codeOf(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('status typed twice', () => {
  it.each(['Actual', 'Exercise', 'Test'])('a %s alert is approved with confirmStatus equal to its status', (status) => {
    expect(codeOf(() => assertStatusConfirmed(status, status))).toBeUndefined();
  });

  it.each([
    ['Actual', undefined],
    ['Actual', 'Exercise'],
    ['Exercise', 'Actual'],
    ['Exercise', undefined],
    ['Test', 'Exercise'],
  ])('a %s alert with confirmStatus %s is refused', (status, confirm) => {
    expect(codeOf(() => assertStatusConfirmed(status, confirm))).toBe('alert.status_not_confirmed');
  });
});

describe('status changes', () => {
  it.each([
    ['Exercise', 'Actual', 'alert.status_immutable'],
    ['Test', 'Actual', 'alert.status_immutable'],
    ['Exercise', 'Test', undefined],
    ['Test', 'Exercise', undefined],
    ['Actual', 'Exercise', undefined],
    ['Actual', 'Actual', undefined],
    ['Exercise', 'Exercise', undefined],
  ])('%s -> %s: %s', (from, to, code) => {
    expect(codeOf(() => assertStatusChangeAllowed(from, to))).toBe(code);
  });
});

describe('approvals required', () => {
  it('is two only above the threshold', () => {
    expect(approvalsRequiredFor(100_000, 100_000)).toBe(1);
    expect(approvalsRequiredFor(100_001, 100_000)).toBe(2);
    expect(approvalsRequiredFor(0, 0)).toBe(1);
    expect(approvalsRequiredFor(1, 0)).toBe(2);
  });

  it('is read back from the recorded approvals, null before any', () => {
    expect(approvalsRequiredOf([])).toBeNull();
    expect(approvalsRequiredOf([approval('a', HASH, 2)])).toBe(2);
  });
});

describe('approval still valid before a dispatch starts', () => {
  it('passes with enough approvals of the current content by people other than the author', () => {
    expect(codeOf(() => assertApprovalStillValid(ALERT, [approval('a')], HASH))).toBeUndefined();
    expect(codeOf(() => assertApprovalStillValid(ALERT, [approval('a', HASH, 2), approval('b', HASH, 2)], HASH))).toBeUndefined();
  });

  it('refuses when any approval was of other content', () => {
    expect(codeOf(() => assertApprovalStillValid(ALERT, [approval('a', HASH, 2), approval('b', OTHER_HASH, 2)], HASH))).toBe('alert.content_changed');
    expect(codeOf(() => assertApprovalStillValid(ALERT, [approval('a')], OTHER_HASH))).toBe('alert.content_changed');
  });

  it('refuses too few approvals, counting one person once', () => {
    expect(codeOf(() => assertApprovalStillValid(ALERT, [], HASH))).toBe('alert.not_approved');
    expect(codeOf(() => assertApprovalStillValid(ALERT, [approval('a', HASH, 2)], HASH))).toBe('alert.not_approved');
    expect(codeOf(() => assertApprovalStillValid(ALERT, [approval('a', HASH, 2), approval('a', HASH, 2)], HASH))).toBe('alert.not_approved');
  });

  it('refuses an approval by the author', () => {
    expect(codeOf(() => assertApprovalStillValid(ALERT, [approval('author'), approval('a')], HASH))).toBe('alert.self_approval');
  });

  it('finds stale approvals and a second approval by the same person', () => {
    expect(staleApprovals([approval('a'), approval('b', OTHER_HASH)], HASH).map((entry) => entry.approverId)).toEqual(['b']);
    expect(codeOf(() => assertNotApprovedBy('x', [approval('a')], 'a'))).toBe('alert.already_approved');
    expect(codeOf(() => assertNotApprovedBy('x', [approval('a')], 'b'))).toBeUndefined();
  });
});

describe('editing in the lifecycle', () => {
  it.each([
    ['draft', 'draft'],
    ['pending_approval', 'draft'],
  ] as const)('the author edits a %s alert, which becomes %s', (state, next) => {
    expect(transition({ state, createdBy: 'author' }, 'edit', 'author')).toEqual({ ok: true, next });
  });

  it('nobody but the author edits', () => {
    expect(transition({ state: 'draft', createdBy: 'author' }, 'edit', 'other')).toMatchObject({ ok: false, refusal: { code: 'alert.not_author' } });
  });

  it.each(['approved', 'dispatching', 'completed', 'rejected', 'cancelled'] as const)('a %s alert is not edited', (state) => {
    expect(transition({ state, createdBy: 'author' }, 'edit', 'author')).toMatchObject({ ok: false, refusal: { code: 'alert.invalid_transition' } });
  });
});

describe('approval configuration', () => {
  it('defaults to two approvals above 100,000 people and the test-recipient tag', () => {
    expect(loadConfig({}).approvals).toEqual({ twoApprovalsAbove: 100_000, testRecipientTag: 'test-recipient' });
    expect(loadConfig({ BEACON_TWO_APPROVALS_ABOVE: '1', BEACON_TEST_RECIPIENT_TAG: 'drill' }).approvals).toEqual({ twoApprovalsAbove: 1, testRecipientTag: 'drill' });
  });

  it.each([
    ['BEACON_TWO_APPROVALS_ABOVE', '-1'],
    ['BEACON_TWO_APPROVALS_ABOVE', 'many'],
    ['BEACON_TWO_APPROVALS_ABOVE', '1.5'],
    ['BEACON_TEST_RECIPIENT_TAG', 'Test Recipient'],
  ])('a bad %s=%s stops start-up naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

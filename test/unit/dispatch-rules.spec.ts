import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/dispatch/backoff.js';
import { advanceStatus, DELIVERY_STATUSES } from '../../src/dispatch/delivery-status.js';
import { pickMessage } from '../../src/dispatch/message-text.js';
import { dispatchPriority } from '../../src/dispatch/priority.js';

describe('dispatch rules', () => {
  it('orders severity before urgency', () => {
    expect(dispatchPriority('Extreme', 'Immediate')).toBeLessThan(dispatchPriority('Extreme', 'Expected'));
    expect(dispatchPriority('Extreme', 'Unknown')).toBeLessThan(dispatchPriority('Severe', 'Immediate'));
    expect(dispatchPriority('Minor', 'Immediate')).toBeLessThan(dispatchPriority('Unknown', 'Immediate'));
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect(retryDelayMs(1, () => 0.999)).toBe(999);
    expect(retryDelayMs(3, () => 0.5)).toBe(2000);
    expect(retryDelayMs(30, () => 0.999)).toBeLessThan(300_000);
    expect(retryDelayMs(4, () => 0)).toBe(0);
  });

  it('never moves a status backwards', () => {
    for (const current of DELIVERY_STATUSES) {
      for (const incoming of DELIVERY_STATUSES) {
        const next = advanceStatus(current, incoming);
        expect(DELIVERY_STATUSES.indexOf(next)).toBe(Math.max(DELIVERY_STATUSES.indexOf(current), DELIVERY_STATUSES.indexOf(incoming)));
      }
    }
    expect(advanceStatus('read', 'delivered')).toBe('read');
    expect(advanceStatus('sent', 'read')).toBe('read');
  });

  it('picks the text by language, base language, then default', () => {
    const messages = { en: 'Evacuate', pt: 'Evacue', es: 'Evacúe' };
    expect(pickMessage(messages, 'es', 'en')).toEqual({ language: 'es', text: 'Evacúe' });
    expect(pickMessage(messages, 'pt-BR', 'en')).toEqual({ language: 'pt', text: 'Evacue' });
    expect(pickMessage(messages, 'ar', 'en')).toEqual({ language: 'en', text: 'Evacuate' });
  });
});

import { describe, expect, it } from 'vitest';
import { PROFILE_CHANNELS } from '../../src/audience/audience-profile.js';
import { CHANNELS } from '../../src/subscribers/subscriber.rules.js';

describe('audience profile', () => {
  it('encodes every channel a subscriber can prefer (a new channel needs a new encoding and a migration)', () => {
    expect([...PROFILE_CHANNELS].sort()).toEqual([...CHANNELS].sort());
  });
});

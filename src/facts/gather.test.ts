import { describe, expect, it } from 'vitest';
import { containerFact } from '../checks/testing/container-fact.js';
import { unsettled } from './gather.js';

const container = containerFact;

describe('settling before a grade', () => {
  it('waits for first health checks and for on-failure restarts still under way, and for nothing else', () => {
    expect(unsettled(container({ health: { status: 'starting', failingStreak: 0 } }))).toBe(true);
    expect(unsettled(container({ health: { status: 'healthy', failingStreak: 0 } }))).toBe(false);
    const retrying = { restartPolicy: 'on-failure', restartMaxRetries: 3 };
    expect(unsettled(container({ ...retrying, state: 'restarting', restartCount: 1 }))).toBe(true);
    expect(unsettled(container({ ...retrying, restartCount: 3 }))).toBe(true); // its last try is running
    expect(unsettled(container({ ...retrying, state: 'exited', running: false, restartCount: 3 }))).toBe(false);
    expect(unsettled(container({ ...retrying }))).toBe(false); // running, never restarted
    // always, and on-failure with no limit, may restart forever: judged at once.
    expect(unsettled(container({ restartPolicy: 'always', state: 'restarting', restartCount: 4 }))).toBe(false);
    expect(unsettled(container({ restartPolicy: 'on-failure', restartMaxRetries: 0, state: 'restarting', restartCount: 4 }))).toBe(false);
  });
});

import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { WorkbenchState } from './controller.ts';
import { viewOf } from './view.ts';

/** A controller's state and announcements, without an account. */
function fakeController() {
  const listeners = new Set<() => void>();
  return {
    state: { flow: {}, before: [], busy: false, checking: false, problem: '', history: [] } as WorkbenchState,
    session: undefined,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    announce(change: Partial<WorkbenchState>) {
      this.state = { ...this.state, ...change };
      for (const listener of listeners) listener();
    },
  };
}

describe('viewOf', () => {
  it('gives a new view on every announcement, news of the account in place included', () => {
    const controller = fakeController();
    const view = viewOf(controller);
    const seen: number[] = [];
    effect(() => void seen.push(view.value.version));
    controller.announce({ busy: true });
    expect(view.value.state.busy).toBe(true);
    // The state object is the same, but a function may have logged: the panels must hear of it.
    controller.announce({});
    expect(seen).toEqual([0, 1, 2]);
  });
});

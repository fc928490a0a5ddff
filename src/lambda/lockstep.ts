// The order in which concurrent invocations' AWS calls are answered. Invocations run in real sandboxes (worker
// threads, Web Workers), so which of two concurrent handlers reaches DynamoDB first depends on timing, and a race
// in learner code (read, then write) would show once in a thousand runs. Here the calls are answered in rounds:
// a round is answered when every invocation in flight is waiting on a call (or has its outcome), in the order the
// invocations started. That is one interleaving real Lambda can produce, the one that exposes a read-then-write
// race every time, and a run is repeatable. A lone invocation's calls are answered at once.

export class Lockstep {
  #next = 0;
  /** Invocations in flight, by the order they started, with the calls each is waiting on. */
  readonly #waiting = new Map<number, (() => void)[]>();

  /** An invocation starts: until it ends, its calls take part in rounds. */
  begin(): number {
    const id = this.#next++;
    this.#waiting.set(id, []);
    return id;
  }

  /** An invocation ended (returned, failed, timed out, crashed): the others no longer wait for it. */
  end(id: number): void {
    if (!this.#waiting.delete(id)) return;
    this.#answerIfRoundComplete();
  }

  /**
   * An invocation has its outcome. Its end takes part in the round like a call, so what follows (its REPORT
   * line, metrics, listeners, retries) happens in the order the invocations started; then it leaves the round.
   */
  finish(id: number): Promise<void> {
    return new Promise((resolve) =>
      this.submit(id, () => {
        this.#waiting.delete(id);
        // Resolved a microtask later, when the caller whose finish completed the round is awaiting it too.
        queueMicrotask(resolve);
      }),
    );
  }

  /** `answer` runs once every invocation in flight is waiting too; at once for a call outside any invocation. */
  submit(id: number | undefined, answer: () => void): void {
    const calls = id === undefined ? undefined : this.#waiting.get(id);
    if (!calls) return answer();
    calls.push(answer);
    this.#answerIfRoundComplete();
  }

  #answerIfRoundComplete(): void {
    for (const calls of this.#waiting.values()) if (calls.length === 0) return;
    const round = [...this.#waiting.values()].flatMap((calls) => calls.splice(0));
    for (const answer of round) answer();
  }
}

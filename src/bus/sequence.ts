/**
 * Runs `step` on each item in order, waiting for a step only when it returns a promise. Deliveries to
 * in-memory targets finish synchronously; this keeps them from paying for a promise each, while a slow
 * target (a Lambda function in a sandbox) still holds the next delivery back, so runs stay deterministic.
 */
export function inSequence<T>(items: Iterable<T>, step: (item: T) => void | Promise<void>): void | Promise<void> {
  const iterator = items[Symbol.iterator]();
  const next = (): void | Promise<void> => {
    for (let item = iterator.next(); !item.done; item = iterator.next()) {
      const pending = step(item.value);
      if (pending) return pending.then(next);
    }
  };
  return next();
}

/**
 * Runs tasks one after another, in the order they were given; a task that fails does not stop the ones after it.
 * Within one process this keeps writes in call order, as SQLite's synchronous transactions do, and keeps them from
 * each holding a pooled connection while they wait for the same database lock.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

import { setImmediate, setTimeout } from 'node:timers/promises';

/**
 * Runs `work` on every item in slices of about `sliceMs`, with the event loop running in between: for indexes a
 * server builds while it answers (a new model swapped in), which must not block it for hundreds of milliseconds.
 */
export async function inSlices<T>(
  items: Iterable<T>,
  work: (item: T) => void,
  yieldToEventLoop: () => Promise<void>,
  sliceMs = 10,
): Promise<void> {
  let sliceStart = performance.now();
  for (const item of items) {
    work(item);
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
}

/**
 * Lets timers, I/O and immediates run: a timeout continues in the next loop's timers phase, and an immediate from
 * there only after that loop's poll phase, where sockets are read. (An immediate alone, from the poll phase, would
 * continue before any timer or new I/O.)
 */
export async function yieldToEventLoop(): Promise<void> {
  await setTimeout(0);
  await setImmediate();
}

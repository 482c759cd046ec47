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

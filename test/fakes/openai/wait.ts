/** Polls until `read()` holds at least `count` items; rejects after `timeoutMs`. */
export async function waitForCount<T>(
  read: () => readonly T[],
  count: number,
  timeoutMs: number,
): Promise<readonly T[]> {
  const deadline = Date.now() + timeoutMs;
  while (read().length < count) {
    if (Date.now() > deadline) {
      throw new Error(
        `fake OpenAI: expected ${count} request(s) within ${timeoutMs} ms, got ${read().length}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return read();
}

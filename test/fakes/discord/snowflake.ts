/** Discord's epoch (2015-01-01T00:00:00Z): snowflakes carry milliseconds since it in their top 42 bits. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;

let lastIssued = 0n;

/**
 * A real-shaped snowflake that is strictly greater than every id issued before it in this process.
 * Fixtures and the fake share this counter so ids stay ordered the way Discord orders them (by time),
 * which code that paginates with `before`/`after` or sorts by id relies on.
 */
export function nextSnowflake(now: number = Date.now()): string {
  const fromClock = (BigInt(now) - DISCORD_EPOCH_MS) << 22n;
  lastIssued = fromClock > lastIssued ? fromClock : lastIssued + 1n;
  return lastIssued.toString();
}

/** The creation time encoded in a snowflake, as Discord clients derive `createdAt`. */
export function snowflakeTime(id: string): Date {
  return new Date(Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS));
}

/** Orders snowflake strings numerically (string comparison breaks when lengths differ). */
export function compareSnowflakes(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff === 0n ? 0 : diff < 0n ? -1 : 1;
}

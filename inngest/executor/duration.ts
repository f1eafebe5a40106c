import ms from "ms";

const unitMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const compound = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w))+$/;
const segment = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/g;

/** Parses an Inngest time string ("30s", "2h45m") or anything `ms` understands ("1 minute"). */
export function parseDuration(input: string): number {
  const text = input.trim();
  if (compound.test(text)) {
    let total = 0;
    for (const [, amount, unit] of text.matchAll(segment)) total += Number(amount) * (unitMs[unit ?? "ms"] ?? 0);
    return total;
  }
  const parsed = ms(text as ms.StringValue);
  if (typeof parsed !== "number" || Number.isNaN(parsed)) throw new Error(`Invalid duration "${input}"`);
  return parsed;
}

/** A sleep target: a time string relative to `now`, or an ISO date (`step.sleepUntil`). */
export function wakeTime(input: string, now: number): number {
  if (/^\d{4}-\d{2}-\d{2}T/.test(input)) {
    const at = Date.parse(input);
    if (!Number.isNaN(at)) return at;
  }
  return now + parseDuration(input);
}

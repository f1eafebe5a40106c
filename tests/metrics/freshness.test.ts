import { describe, expect, it } from "vitest";
import { formatAge, freshnessOf, worstColour } from "@/lib/metrics/freshness";

const now = new Date("2026-11-29T12:00:00Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const fiveMinutes = 5 * 60_000;

describe("freshnessOf", () => {
  it("greys out partitions never materialised and reds failed ones", () => {
    expect(freshnessOf({ kind: "root", lastStatus: null, lastSuccessAt: null, cadenceMs: fiveMinutes, now }).colour).toBe("grey");
    expect(freshnessOf({ kind: "root", lastStatus: "FAILED", lastSuccessAt: ago(1), cadenceMs: fiveMinutes, now })).toMatchObject({ state: "failed", colour: "red" });
  });

  it("measures the root asset against its poll interval", () => {
    const at = (minutes: number, status: "SUCCEEDED" | "SKIPPED" = "SUCCEEDED") =>
      freshnessOf({ kind: "root", lastStatus: status, lastSuccessAt: ago(minutes), cadenceMs: fiveMinutes, now });
    expect(at(4)).toMatchObject({ state: "fresh", colour: "green" });
    expect(at(7, "SKIPPED")).toMatchObject({ state: "fresh", colour: "green" });
    expect(at(8)).toMatchObject({ state: "late", colour: "amber" });
    expect(at(15)).toMatchObject({ state: "late", colour: "amber" });
    expect(at(16)).toMatchObject({ state: "overdue", colour: "red" });
    expect(at(16).label).toContain("expected every 5m");
  });

  it("measures derived assets against the last upstream change, not the clock", () => {
    const derived = (lastMinutesAgo: number, upstreamMinutesAgo: number | null) =>
      freshnessOf({
        kind: "derived",
        lastStatus: "SUCCEEDED",
        lastSuccessAt: ago(lastMinutesAgo),
        cadenceMs: fiveMinutes,
        now,
        upstreamChangedAt: upstreamMinutesAgo === null ? null : ago(upstreamMinutesAgo),
      });
    // Hours old but nothing changed upstream since: still fresh.
    expect(derived(600, 601)).toMatchObject({ state: "fresh", colour: "green" });
    expect(derived(600, null)).toMatchObject({ state: "fresh" });
    expect(derived(10, 2)).toMatchObject({ state: "stale", colour: "amber" });
    expect(derived(10, 6)).toMatchObject({ state: "overdue", colour: "red" });
  });
});

describe("helpers", () => {
  it("formats ages compactly", () => {
    expect(formatAge(12_000)).toBe("12s");
    expect(formatAge(5 * 60_000)).toBe("5m");
    expect(formatAge(3 * 3_600_000)).toBe("3h");
    expect(formatAge(72 * 3_600_000)).toBe("3d");
  });

  it("summarises partitions by their worst colour", () => {
    expect(worstColour(["green", "amber", "grey"])).toBe("amber");
    expect(worstColour(["green", "red", "amber"])).toBe("red");
    expect(worstColour(["grey", "grey"])).toBe("grey");
    expect(worstColour([])).toBe("grey");
  });
});

import { describe, expect, it } from "vitest";
import { minSkus, parseTier, requiredThroughput, tierCaseSql, tierFor, tiers } from "@/lib/metrics/tiers";
import { openTestDb } from "../support/db";

describe("tiers", () => {
  it("puts SKU counts in the seed's tiers, boundaries inclusive", () => {
    expect(tierFor(0).name).toBe("Hobbyist");
    expect(tierFor(150).name).toBe("Hobbyist");
    expect(tierFor(151).name).toBe("Serious");
    expect(tierFor(800).name).toBe("Serious");
    expect(tierFor(3_000).name).toBe("National");
    expect(tierFor(5_000).name).toBe("Top-Tier");
    expect(tierFor(5_001).name).toBe("Enterprise");
    expect(tierFor(250_000).name).toBe("Enterprise");
  });

  it("has the seed's targets and required throughput", () => {
    expect(tiers.map((t) => [t.name, t.targetMs / 1000])).toEqual([
      ["Hobbyist", 5], ["Serious", 10], ["National", 20], ["Top-Tier", 30], ["Enterprise", 45],
    ]);
    expect(tiers.map((t) => Math.round(requiredThroughput(t)))).toEqual([30, 80, 150, 167, 222]);
    expect(tiers.map(minSkus)).toEqual([0, 151, 801, 3_001, 5_001]);
  });

  it("parses names in any spelling", () => {
    expect(parseTier("top tier")?.name).toBe("Top-Tier");
    expect(parseTier("TOP_TIER")?.name).toBe("Top-Tier");
    expect(parseTier("enterprise")?.name).toBe("Enterprise");
    expect(parseTier("platinum")).toBeNull();
    expect(parseTier("")).toBeNull();
  });

  it("gives SQL that agrees with tierFor", async () => {
    const db = await openTestDb();
    try {
      const counts = [1, 150, 151, 800, 801, 3_000, 3_001, 5_000, 5_001, 10_000, 12_000];
      const rows = await db.sql.query<{ n: number; tier: string }>(
        `SELECT n, ${tierCaseSql("n")} AS tier FROM unnest($1::int[]) AS n`,
        [counts],
      );
      expect(rows.map((r) => r.tier)).toEqual(counts.map((n) => tierFor(n).name));
      const [none] = await db.sql.query<{ tier: string | null }>(`SELECT ${tierCaseSql("NULL::int")} AS tier`);
      expect(none?.tier).toBeNull();
    } finally {
      await db.close();
    }
  });
});

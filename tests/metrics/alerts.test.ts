import { describe, expect, it } from "vitest";
import { durationThreshold, evaluateAlerts, levelFor, thresholds, type AlertInputs } from "@/lib/metrics/alerts";
import { tiers } from "@/lib/metrics/tiers";

const quiet: AlertInputs = {
  windowLabel: "1 hour",
  tierDurations: tiers.map((t) => ({ tier: t.name, p95Ms: t.targetMs / 2, runs: 10 })),
  running: [],
  errorsPerMinute: 0,
  queue: [{ functionId: "feed-ingest", name: "Feed Ingest", waiting: 3, running: 2, delayed: 0 }],
  connections: { active: 2, max: 10, kind: "postgres" },
};

describe("levelFor", () => {
  it("is strictly above the thresholds, as the seed writes them (> 30s)", () => {
    const t = { warning: 5, critical: 20 };
    expect(levelFor(5, t)).toBeNull();
    expect(levelFor(5.01, t)).toBe("warning");
    expect(levelFor(20, t)).toBe("warning");
    expect(levelFor(21, t)).toBe("critical");
    expect(levelFor(null, t)).toBeNull();
    expect(levelFor(Number.NaN, t)).toBeNull();
  });

  it("uses the seed's Top-Tier duration thresholds: 30 s warning, 60 s critical", () => {
    const topTier = tiers.find((t) => t.name === "Top-Tier")!;
    expect(durationThreshold(topTier)).toEqual({ warning: 30_000, critical: 60_000 });
  });
});

describe("evaluateAlerts", () => {
  it("raises nothing when every number is inside its threshold", () => {
    expect(evaluateAlerts(quiet)).toEqual([]);
  });

  it("raises job-duration alerts from a tier's p95", () => {
    const alerts = evaluateAlerts({
      ...quiet,
      tierDurations: [
        { tier: "Top-Tier", p95Ms: 31_000, runs: 4 },
        { tier: "Hobbyist", p95Ms: 11_000, runs: 2 },
        { tier: "National", p95Ms: null, runs: 0 },
      ],
    });
    expect(alerts.map((a) => [a.id, a.level, a.threshold])).toEqual([
      ["job_duration:Hobbyist", "critical", 10_000],
      ["job_duration:Top-Tier", "warning", 30_000],
    ]);
    expect(alerts[1]!.message).toContain("31 s");
    expect(alerts[1]!.href).toBe("/runs?tier=Top-Tier");
  });

  it("raises an alert for a run that is still going past its tier's limit", () => {
    const alerts = evaluateAlerts({
      ...quiet,
      running: [
        { runId: "r1", dealerName: "Ammo Depot", tier: "Top-Tier", elapsedMs: 61_000 },
        { runId: "r2", dealerName: "Small Shop", tier: "Hobbyist", elapsedMs: 4_000 },
        { runId: "r3", dealerName: "New Dealer", tier: null, elapsedMs: 50_000 },
      ],
    });
    expect(alerts.map((a) => [a.id, a.level])).toEqual([
      ["slow_run:r1", "critical"],
      ["slow_run:r3", "warning"],
    ]);
    expect(alerts[0]!.href).toBe("/runs/r1");
  });

  it("raises error-rate, queue and connection alerts at the seed's thresholds", () => {
    const alerts = evaluateAlerts({
      ...quiet,
      errorsPerMinute: 6,
      queue: [
        { functionId: "feed-ingest", name: "Feed Ingest", waiting: 420, running: 5, delayed: 0 },
        { functionId: "sku-match", name: "SKU Match", waiting: 90, running: 5, delayed: 3 },
      ],
      connections: { active: 10, max: 10, kind: "postgres" },
    });
    const byId = Object.fromEntries(alerts.map((a) => [a.id, a]));
    expect(byId.errors_per_minute?.level).toBe("warning");
    expect(byId.queue_depth?.level).toBe("critical");
    expect(byId.queue_depth?.value).toBe(510);
    expect(byId.queue_depth?.message).toContain("Feed Ingest (420)");
    expect(byId.db_connections?.level).toBe("critical");
    expect(alerts[0]!.level).toBe("critical");
    expect(alerts.at(-1)!.level).toBe("warning");
  });

  it("reads connections as a share of the pool: 81% warns, 96% is critical", () => {
    const at = (active: number) =>
      evaluateAlerts({ ...quiet, connections: { active, max: 100, kind: "postgres" } }).find((a) => a.metric === "db_connections")?.level;
    expect(at(80)).toBeUndefined();
    expect(at(81)).toBe("warning");
    expect(at(95)).toBe("warning");
    expect(at(96)).toBe("critical");
    expect(thresholds.dbConnections).toEqual({ warning: 0.8, critical: 0.95 });
  });

  it("never alerts on the embedded database's single connection", () => {
    expect(evaluateAlerts({ ...quiet, connections: { active: 1, max: 1, kind: "pglite" } })).toEqual([]);
  });

  it("skips the queue when it could not be read", () => {
    expect(evaluateAlerts({ ...quiet, queue: null })).toEqual([]);
  });
});

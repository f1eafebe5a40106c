/**
 * Alert evaluation: pure functions over numbers the SQL in lib/metrics has already computed.
 *
 * Thresholds are the seed's ("Alert Thresholds"): Top-Tier job duration > 30 s warning / > 60 s critical,
 * processing errors/min > 5 / > 20, queue depth > 100 / > 500, DB connections > 80% / > 95%. The job-duration
 * rule is the Top-Tier target and twice it; the same rule (target / 2 × target) is applied to every tier, so
 * Top-Tier gets exactly the seed's numbers and the other tiers their own.
 */
import { tierFor, tiers, type Tier, type TierName } from "./tiers";

export type AlertLevel = "warning" | "critical";

export interface Threshold {
  warning: number;
  critical: number;
}

export const thresholds = {
  errorsPerMinute: { warning: 5, critical: 20 },
  queueDepth: { warning: 100, critical: 500 },
  /** Share of the connection pool in use. */
  dbConnections: { warning: 0.8, critical: 0.95 },
} as const satisfies Record<string, Threshold>;

/** Job duration thresholds of a tier: over its target is a warning, over twice its target critical. */
export function durationThreshold(tier: Tier): Threshold {
  return { warning: tier.targetMs, critical: tier.targetMs * 2 };
}

/** The level a value reaches: strictly above a threshold (the seed says "> 30s"), critical first. */
export function levelFor(value: number | null | undefined, threshold: Threshold): AlertLevel | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  if (value > threshold.critical) return "critical";
  if (value > threshold.warning) return "warning";
  return null;
}

export type AlertMetric = "job_duration" | "slow_run" | "errors_per_minute" | "queue_depth" | "db_connections";

export interface Alert {
  /** Stable across refreshes while the condition holds (for React keys and de-duplication). */
  id: string;
  level: AlertLevel;
  metric: AlertMetric;
  title: string;
  message: string;
  value: number;
  threshold: number;
  /** Dashboard path with the details, if any. */
  href?: string;
}

export interface TierDuration {
  tier: TierName;
  /** p95 run time of finished runs in the window; null without runs. */
  p95Ms: number | null;
  runs: number;
}

export interface RunningRun {
  runId: string;
  dealerName: string;
  /** Unknown until the feed has been read. */
  tier: TierName | null;
  elapsedMs: number;
}

export interface QueueFunctionDepth {
  functionId: string;
  name: string;
  waiting: number;
  running: number;
  delayed: number;
}

export interface AlertInputs {
  windowLabel: string;
  tierDurations: readonly TierDuration[];
  running: readonly RunningRun[];
  /** The busiest minute of the last few: processing errors (failed step attempts and failed runs). */
  errorsPerMinute: number;
  /** Null when the queue could not be read. */
  queue: readonly QueueFunctionDepth[] | null;
  connections: { active: number; max: number; kind: "pglite" | "postgres" };
}

const levelRank: Record<AlertLevel, number> = { critical: 0, warning: 1 };

function tierOf(name: TierName | null): Tier {
  return tiers.find((t) => t.name === name) ?? tiers[tiers.length - 1]!;
}

export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 100 ? Math.round(s) : Number(s.toFixed(1))} s`;
}

/** Every alert the inputs raise, critical first. */
export function evaluateAlerts(inputs: AlertInputs): Alert[] {
  const alerts: Alert[] = [];

  for (const t of inputs.tierDurations) {
    const tier = tierOf(t.tier);
    const threshold = durationThreshold(tier);
    const level = levelFor(t.p95Ms, threshold);
    if (!level || t.p95Ms === null) continue;
    const limit = level === "critical" ? threshold.critical : threshold.warning;
    alerts.push({
      id: `job_duration:${tier.name}`,
      level,
      metric: "job_duration",
      title: `${tier.name} runs are slow`,
      message: `p95 run time ${seconds(t.p95Ms)} over the last ${inputs.windowLabel} is above ${seconds(limit)} (target ${seconds(tier.targetMs)}, ${t.runs} run${t.runs === 1 ? "" : "s"})`,
      value: t.p95Ms,
      threshold: limit,
      href: `/runs?tier=${encodeURIComponent(tier.name)}`,
    });
  }

  for (const run of inputs.running) {
    const tier = tierOf(run.tier);
    const threshold = durationThreshold(tier);
    const level = levelFor(run.elapsedMs, threshold);
    if (!level) continue;
    const limit = level === "critical" ? threshold.critical : threshold.warning;
    alerts.push({
      id: `slow_run:${run.runId}`,
      level,
      metric: "slow_run",
      title: `Run for ${run.dealerName} still going`,
      message: `running for ${seconds(run.elapsedMs)}, above ${seconds(limit)} for ${run.tier ? `a ${tier.name}` : "an unsized (assumed Enterprise)"} run`,
      value: run.elapsedMs,
      threshold: limit,
      href: `/runs/${run.runId}`,
    });
  }

  const errorLevel = levelFor(inputs.errorsPerMinute, thresholds.errorsPerMinute);
  if (errorLevel) {
    const limit = thresholds.errorsPerMinute[errorLevel];
    alerts.push({
      id: "errors_per_minute",
      level: errorLevel,
      metric: "errors_per_minute",
      title: "Processing errors",
      message: `${inputs.errorsPerMinute} errors in one minute, above ${limit}/min`,
      value: inputs.errorsPerMinute,
      threshold: limit,
      href: "/runs?status=FAILED",
    });
  }

  if (inputs.queue) {
    const waiting = inputs.queue.reduce((sum, q) => sum + q.waiting, 0);
    const level = levelFor(waiting, thresholds.queueDepth);
    if (level) {
      const deepest = [...inputs.queue].sort((a, b) => b.waiting - a.waiting)[0];
      const limit = thresholds.queueDepth[level];
      alerts.push({
        id: "queue_depth",
        level,
        metric: "queue_depth",
        title: "Queue is deep",
        message: `${waiting} runs waiting, above ${limit}${deepest ? `; deepest: ${deepest.name} (${deepest.waiting})` : ""}`,
        value: waiting,
        threshold: limit,
      });
    }
  }

  // The embedded database is one connection by design: always "100% in use", never a pool to exhaust.
  const { active, max, kind } = inputs.connections;
  if (kind === "postgres" && max > 0) {
    const ratio = active / max;
    const level = levelFor(ratio, thresholds.dbConnections);
    if (level) {
      const limit = thresholds.dbConnections[level];
      alerts.push({
        id: "db_connections",
        level,
        metric: "db_connections",
        title: "Database connections",
        message: `${active} of ${max} pool connections in use (${Math.round(ratio * 100)}%), above ${Math.round(limit * 100)}%`,
        value: ratio,
        threshold: limit,
      });
    }
  }

  return alerts.sort((a, b) => levelRank[a.level] - levelRank[b.level] || b.value / b.threshold - a.value / a.threshold);
}

/** The tier an in-flight run of this many SKUs (if known) belongs to. */
export function tierNameFor(skuCount: number | null | undefined): TierName | null {
  return skuCount === null || skuCount === undefined ? null : tierFor(skuCount).name;
}

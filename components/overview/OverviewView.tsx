"use client";
/**
 * The overview: are the tiers inside their targets, how much was skipped, how deep are the queues, what is
 * stuck, what failed and why. Polls every 3 s (queue every 2 s).
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { Overview } from "@/lib/metrics/overview";
import { thresholds } from "@/lib/metrics/alerts";
import { windowKeys, type WindowKey } from "@/lib/metrics/window";
import { getJson } from "../api";
import { formatInt, formatPct, formatRate } from "../format";
import { ErrorNotice, Loading } from "../ui/Feedback";
import { Kpi } from "../ui/Kpi";
import { PageHeader, Panel } from "../ui/Panel";
import { RelativeTime } from "../ui/Time";
import { AlertList } from "./AlertList";
import { ErrorRateChart } from "./ErrorRateChart";
import { InFlightRuns } from "./InFlightRuns";
import { LatestRuns } from "./LatestRuns";
import { QueueDepthChart } from "./QueueDepthChart";
import { RecentFailures } from "./RecentFailures";
import { SkipRatioChart } from "./SkipRatioChart";
import { TargetTrendChart } from "./TargetTrendChart";
import { TierTable } from "./TierTable";
import { TierTimingChart } from "./TierTimingChart";

type QueueResponse = { at: string } & Overview["queue"];

function WindowPicker({ value, onChange }: { value: WindowKey; onChange: (w: WindowKey) => void }) {
  return (
    <div role="group" aria-label="Time window" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 shadow-sm">
      {windowKeys.map((w) => (
        <button
          key={w}
          type="button"
          aria-pressed={w === value}
          onClick={() => onChange(w)}
          className={`rounded px-2.5 py-1 text-xs font-medium ${w === value ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
        >
          {w}
        </button>
      ))}
    </div>
  );
}

function levelTone(value: number | null, t: { warning: number; critical: number }): "default" | "warn" | "bad" | "good" {
  if (value === null) return "default";
  return value > t.critical ? "bad" : value > t.warning ? "warn" : "good";
}

export function OverviewView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const raw = params.get("window");
  const windowKey: WindowKey = (windowKeys as readonly string[]).includes(raw ?? "") ? (raw as WindowKey) : "24h";

  const overview = useQuery({
    queryKey: ["overview", windowKey],
    queryFn: () => getJson<Overview>(`/api/overview?window=${windowKey}`),
    refetchInterval: 3_000,
    placeholderData: (previous) => previous,
  });
  const queue = useQuery({
    queryKey: ["queue"],
    queryFn: () => getJson<QueueResponse>("/api/queue"),
    refetchInterval: 2_000,
  });

  const setWindow = (w: WindowKey) => router.replace(`${pathname}?window=${w}`, { scroll: false });
  const o = overview.data;
  const queueFunctions = queue.data?.functions ?? o?.queue.functions ?? null;
  const waiting = queueFunctions ? queueFunctions.reduce((s, f) => s + f.waiting, 0) : null;
  const now = o ? new Date(o.generatedAt).getTime() : Date.now();

  return (
    <div>
      <PageHeader
        title="Overview"
        subtitle={
          o ? (
            <span>
              Last {o.window.label} · updated <RelativeTime iso={o.generatedAt} />
            </span>
          ) : (
            "Loading…"
          )
        }
        actions={<WindowPicker value={windowKey} onChange={setWindow} />}
      />
      {overview.error && !o && <ErrorNotice error={overview.error} title="Could not load the overview" />}
      {!o && !overview.error && <Loading rows={6} />}
      {o && (
        <div className="space-y-4">
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 2xl:grid-cols-8">
            <Kpi label="Dealers" value={<span data-testid="dealer-count">{o.dealerCount}</span>} hint="onboarded" />
            <Kpi label="Runs" value={formatInt(o.totals.finished)} hint={`${formatInt(o.totals.succeeded)} ok · ${formatInt(o.totals.skippedRuns)} skipped`} testId="kpi-runs" />
            <Kpi
              label="Error rate"
              value={formatPct(o.totals.errorRate)}
              hint={`${o.errorsPerMinute.peak}/min peak (5 min)`}
              tone={o.totals.finished === 0 ? "default" : o.totals.failed > 0 ? "warn" : "good"}
            />
            <Kpi label="Throughput" value={formatRate(o.totals.skusPerSecond)} hint="SKUs/s per run" />
            <Kpi label="Skip ratio" value={formatPct(o.totals.skipRatio)} hint={`${formatInt(o.totals.skusSeen)} listings seen`} />
            <Kpi label="In flight" value={`${o.inFlight.running}`} hint={`running · ${o.inFlight.queued} queued`} />
            <Kpi label="Queue" value={waiting === null ? "—" : formatInt(waiting)} hint="waiting" tone={levelTone(waiting, thresholds.queueDepth)} />
            <Kpi
              label="DB connections"
              value={o.connections.kind === "pglite" ? "1/1" : `${o.connections.active}/${o.connections.max}`}
              hint={o.connections.kind === "pglite" ? "embedded, single" : formatPct(o.connections.active / Math.max(1, o.connections.max), 0)}
              tone={o.connections.kind === "pglite" ? "default" : levelTone(o.connections.active / Math.max(1, o.connections.max), thresholds.dbConnections)}
            />
          </div>

          <div className="grid gap-4 lg:grid-cols-12">
            <Panel
              className="lg:col-span-4"
              title={`Alerts${o.alerts.length ? ` (${o.alerts.length})` : ""}`}
              subtitle="Seed thresholds: Top-Tier > 30 s / 60 s, errors > 5 / 20 per min, queue > 100 / 500, DB > 80% / 95%"
            >
              <AlertList alerts={o.alerts} />
            </Panel>
            <Panel className="lg:col-span-8" title="Run time per tier" subtitle={`p50 and p95 over the last ${o.window.label}, runs that processed their feed; dashed red: the tier's target`}>
              <TierTimingChart tiers={o.tiers} />
            </Panel>
          </div>

          <Panel title="Tiers against targets" bodyClassName="p-0" subtitle="Run time is from trigger to the last stage's end. Needed: SKUs/s a full-size run must sustain to make its target.">
            <TierTable stats={o.tiers} />
          </Panel>

          <div className="grid gap-4 lg:grid-cols-12">
            <Panel className="lg:col-span-7" title="Latest runs" subtitle="Run time against the tier target" bodyClassName="p-0 pb-1" actions={<Link href="/runs" className="text-sm text-sky-700 hover:underline">All runs</Link>}>
              <LatestRuns />
            </Panel>
            <div className="space-y-4 lg:col-span-5">
              <Panel title="In flight" subtitle="Oldest first; age against the tier's target" bodyClassName="p-0 pb-1">
                <InFlightRuns runs={o.inFlight.runs} queued={o.inFlight.queued} running={o.inFlight.running} fetchedAt={o.generatedAt} />
              </Panel>
              <Panel title="Recent failures" subtitle="What failed and why">
                <RecentFailures failures={o.recentFailures} windowLabel={o.window.label} />
              </Panel>
            </div>
          </div>

          <div className="grid gap-4 lg:grid-cols-2">
            <Panel title="Skip ratio per tier" subtitle="Listings skipped as unchanged, by SKU; a whole-feed skip counts all">
              <SkipRatioChart points={o.skipSeries} bucketMs={o.window.bucketMs} windowKey={o.window.key} now={now} />
            </Panel>
            <Panel title="p95 run time vs target" subtitle="Per tier, as a share of that tier's target (100% = on target)">
              <TargetTrendChart points={o.p95Series} bucketMs={o.window.bucketMs} windowKey={o.window.key} now={now} />
            </Panel>
          </div>

          <div className="grid gap-4 lg:grid-cols-2">
            <Panel
              title="Queue depth"
              subtitle={queue.data ? <span>Live per function · <RelativeTime iso={queue.data.at} /></span> : "Live per function"}
              actions={waiting !== null && <span className="text-xs tabular-nums text-slate-500">{formatInt(waiting)} waiting · warn &gt; {thresholds.queueDepth.warning}</span>}
            >
              {queueFunctions ? (
                <QueueDepthChart functions={queueFunctions} />
              ) : (
                <ErrorNotice error={queue.data?.error ?? o.queue.error ?? "unavailable"} title="Queue depth unavailable" />
              )}
            </Panel>
            <Panel title="Runs and errors" subtitle={`Per ${Math.round(o.window.bucketMs / 60_000)} min; failed step attempts include retries`}>
              <ErrorRateChart points={o.errorSeries} bucketMs={o.window.bucketMs} windowKey={o.window.key} now={now} />
            </Panel>
          </div>
        </div>
      )}
    </div>
  );
}

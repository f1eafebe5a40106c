"use client";
/** A run's progress stage by stage, polled every second until it ends: the onboarding form's follow-up. */
import Link from "next/link";
import { dealerAssets } from "@/lib/metrics/lineage";
import { formatDuration, formatInt, stageName } from "../format";
import { buttonClass } from "../ui/Button";
import { ErrorNotice } from "../ui/Feedback";
import { StatusPill, TierPill } from "../ui/StatusPill";
import { isInFlight, useRun } from "../runs/RunView";

type StepState = "done" | "skipped" | "running" | "failed" | "waiting";

const marks: Record<StepState, { icon: string; cls: string; text: string }> = {
  done: { icon: "✓", cls: "bg-emerald-500 text-white", text: "done" },
  skipped: { icon: "=", cls: "bg-sky-400 text-white", text: "unchanged" },
  running: { icon: "•", cls: "bg-blue-500 text-white animate-pulse", text: "running" },
  failed: { icon: "!", cls: "bg-red-500 text-white", text: "failed" },
  waiting: { icon: "", cls: "bg-slate-200 text-slate-500", text: "waiting" },
};

export function RunProgress({ runId, dealerId }: { runId: string; dealerId: string }) {
  const query = useRun(runId);
  const detail = query.data;
  if (!detail) return query.error ? <ErrorNotice error={query.error} title="Could not follow the run" /> : <p className="text-sm text-slate-500">Starting the first run…</p>;
  const { run } = detail;
  const inFlight = isInFlight(run.status);
  const state = (asset: (typeof dealerAssets)[number]): StepState => {
    const m = detail.materializations.find((x) => x.asset === asset);
    if (m) return m.status === "FAILED" ? "failed" : m.status === "SKIPPED" ? "skipped" : "done";
    if (run.currentStage === asset) return run.status === "FAILED" ? "failed" : inFlight ? "running" : "waiting";
    return "waiting";
  };
  const ingest = detail.materializations.find((m) => m.asset === "FEED_INGEST");
  return (
    <div data-testid="onboard-progress" className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-600">First run</span>
        <Link href={`/runs/${run.id}`} className="font-mono text-sm text-sky-700 hover:underline">
          {run.id.slice(0, 8)}
        </Link>
        <StatusPill status={run.status} testId="progress-status" />
        <TierPill tier={run.tier} />
        <span className="text-sm tabular-nums text-slate-600">{formatDuration(run.durationMs)}</span>
        {run.targetMs && <span className="text-xs text-slate-500">target {formatDuration(run.targetMs)}</span>}
      </div>
      <ol className="grid gap-2 sm:grid-cols-4">
        {dealerAssets.map((asset) => {
          const s = state(asset);
          const m = detail.materializations.find((x) => x.asset === asset);
          return (
            <li key={asset} className="flex items-center gap-2 rounded-md border border-slate-200 px-3 py-2" data-state={s} data-testid={`progress-${asset}`}>
              <span className={`grid h-6 w-6 shrink-0 place-items-center rounded-full text-xs font-bold ${marks[s].cls}`}>{marks[s].icon}</span>
              <span className="min-w-0">
                <span className="block text-sm font-medium text-slate-800">{stageName(asset)}</span>
                <span className="block text-xs text-slate-500">{m ? formatDuration(m.durationMs) : marks[s].text}</span>
              </span>
            </li>
          );
        })}
      </ol>
      {ingest && (
        <p className="text-sm tabular-nums text-slate-600">
          {formatInt(run.skuCount ?? ingest.created + ingest.updated + ingest.unchanged)} listings read: {formatInt(ingest.created)} created, {formatInt(ingest.quarantined)} quarantined.
        </p>
      )}
      {run.status === "FAILED" && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          The first run failed{run.currentStage ? ` in ${stageName(run.currentStage)}` : ""}: {run.error ?? "see the run for details"}
        </div>
      )}
      {!inFlight && (
        <div className="flex flex-wrap gap-2">
          <Link href={`/dealers/${dealerId}`} className={buttonClass("primary")} data-testid="open-dealer">
            Open dealer
          </Link>
          <Link href={`/runs/${run.id}`} className={buttonClass("secondary")}>
            Open run
          </Link>
        </div>
      )}
    </div>
  );
}

"use client";
/** One run: status, timing against target, the stage/step timeline, counts per stage, errors, replay. */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RunDetail } from "@/lib/metrics/runs";
import { ApiError, getJson } from "../api";
import { formatDuration, formatInt, humanize, shortId, stageName } from "../format";
import { EmptyState, ErrorNotice, Loading } from "../ui/Feedback";
import { Kpi } from "../ui/Kpi";
import { PageHeader, Panel } from "../ui/Panel";
import { PlanPill, StatusPill, TierPill } from "../ui/StatusPill";
import { RelativeTime } from "../ui/Time";
import { ReplayButton } from "./ReplayButton";
import { RunErrors } from "./RunErrors";
import { RunTimeline } from "./RunTimeline";
import { StageCounts } from "./StageCounts";

export function isInFlight(status: string | undefined): boolean {
  return status === "QUEUED" || status === "RUNNING";
}

export function useRun(runId: string) {
  return useQuery({
    queryKey: ["run", runId],
    queryFn: () => getJson<RunDetail>(`/api/runs/${runId}`),
    refetchInterval: (q) => (q.state.error instanceof ApiError && q.state.error.status === 404 ? false : isInFlight(q.state.data?.run.status) ? 1_000 : 5_000),
  });
}

function durationTone(ms: number | null, target: number | null): "default" | "good" | "warn" | "bad" {
  if (ms === null || target === null) return "default";
  return ms > target * 2 ? "bad" : ms > target ? "warn" : "good";
}

function Metadata({ detail }: { detail: RunDetail }) {
  const withMeta = detail.materializations.filter((m) => Object.keys(m.metadata ?? {}).length > 0);
  if (withMeta.length === 0) return null;
  return (
    <Panel title="Materialisation metadata" subtitle="As each stage recorded it">
      <div className="space-y-2">
        {withMeta.map((m) => (
          <details key={m.id} className="rounded-md border border-slate-200">
            <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800">{stageName(m.asset)}</summary>
            <pre className="overflow-auto border-t border-slate-100 bg-slate-50 p-3 font-mono text-xs text-slate-700">{JSON.stringify(m.metadata, null, 2)}</pre>
          </details>
        ))}
      </div>
    </Panel>
  );
}

export function RunView({ runId }: { runId: string }) {
  const query = useRun(runId);
  if (query.error && !query.data) {
    return query.error instanceof ApiError && query.error.status === 404 ? (
      <EmptyState title="No such run">
        <Link href="/runs" className="text-sky-700 hover:underline">
          Back to runs
        </Link>
      </EmptyState>
    ) : (
      <ErrorNotice error={query.error} title="Could not load the run" />
    );
  }
  if (!query.data) return <Loading rows={8} />;
  const detail = query.data;
  const { run } = detail;
  const inFlight = isInFlight(run.status);

  return (
    <div className="space-y-4">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span>
              Run <span className="font-mono">{shortId(run.id)}</span>
            </span>
            <StatusPill status={run.status} testId="run-status" />
            {run.skipped && <span className="text-sm font-normal text-slate-500">feed unchanged, skipped</span>}
          </span>
        }
        subtitle={
          <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <Link href={`/dealers/${run.dealerId}`} className="font-medium text-slate-700 hover:underline">
              {run.dealerName}
            </Link>
            <PlanPill plan={run.plan} />
            <TierPill tier={run.tier} />
            <span>· {humanize(run.trigger)}</span>
            {run.replayOfId && (
              <span>
                · replay of{" "}
                <Link href={`/runs/${run.replayOfId}`} className="font-mono text-sky-700 hover:underline">
                  {shortId(run.replayOfId)}
                </Link>
              </span>
            )}
            <span>
              · queued <RelativeTime iso={run.queuedAt} />
            </span>
          </span>
        }
        actions={<ReplayButton runId={run.id} disabledReason={inFlight ? "The run is still in flight" : undefined} />}
      />

      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <Kpi
          label={inFlight ? "Elapsed" : "Duration"}
          value={formatDuration(run.durationMs)}
          hint={run.targetMs ? `target ${formatDuration(run.targetMs)}` : "tier not known yet"}
          tone={durationTone(run.durationMs, run.targetMs)}
          valueTestId="run-duration"
        />
        <Kpi label="Queue wait" value={formatDuration(run.queueWaitMs)} hint={`priority ${run.priority}`} />
        <Kpi label="SKUs" value={formatInt(run.skuCount)} hint={run.feedLabel ?? "feed"} />
        <Kpi label="Stage" value={<span className="text-lg">{inFlight ? stageName(run.currentStage) : run.status === "FAILED" ? stageName(run.currentStage) : "Done"}</span>} hint={inFlight ? "in progress" : run.status === "FAILED" ? "failed here" : `${detail.materializations.length} stages`} />
        <Kpi label="Quarantined" value={formatInt(run.quarantined ?? 0)} hint="rows set aside" tone={run.quarantined ? "warn" : "default"} />
      </div>

      <Panel title="Timeline" subtitle="Stages and steps from the trigger; hatched: waiting in a queue">
        <RunTimeline detail={detail} />
      </Panel>

      <Panel title="Stages" subtitle="What each asset materialisation did" bodyClassName="p-0">
        <StageCounts materializations={detail.materializations} />
      </Panel>

      {(run.error || detail.steps.some((s) => s.error) || detail.materializations.some((m) => m.error)) && (
        <Panel title="Errors" className="border-red-200">
          <RunErrors detail={detail} />
        </Panel>
      )}

      {detail.replays.length > 0 && (
        <Panel title="Replays of this run">
          <ul className="space-y-1 text-sm">
            {detail.replays.map((r) => (
              <li key={r.id} className="flex items-center gap-2">
                <Link href={`/runs/${r.id}`} className="font-mono text-sky-700 hover:underline">
                  {shortId(r.id)}
                </Link>
                <StatusPill status={r.status} />
                <span className="text-slate-500">
                  <RelativeTime iso={r.queuedAt} />
                </span>
              </li>
            ))}
          </ul>
        </Panel>
      )}

      <Metadata detail={detail} />
    </div>
  );
}

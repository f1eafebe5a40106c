"use client";
/** One dealer: its feeds, latest runs, change history, insights with their figures, quarantined rows. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { DealerDetail } from "@/lib/metrics/dealers";
import { ApiError, getJson, postJson } from "../api";
import { formatInt } from "../format";
import { Button } from "../ui/Button";
import { EmptyState, ErrorNotice, Loading } from "../ui/Feedback";
import { Kpi } from "../ui/Kpi";
import { PageHeader, Panel } from "../ui/Panel";
import { PlanPill, StatusPill, TierPill } from "../ui/StatusPill";
import { RelativeTime } from "../ui/Time";
import { ChangeHistory, DealerRunsTable, FeedsTable, InsightsTable, QuarantineTable } from "./DealerSections";

function RunNowButton({ dealerId, busy }: { dealerId: string; busy: boolean }) {
  const router = useRouter();
  const client = useQueryClient();
  const run = useMutation({
    mutationFn: () => postJson<{ runId: string }>("/api/runs", { dealerId }),
    onSuccess: ({ runId }) => {
      void client.invalidateQueries({ queryKey: ["dealer", dealerId] });
      router.push(`/runs/${runId}`);
    },
  });
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="primary" onClick={() => run.mutate()} disabled={run.isPending || busy} title={busy ? "A run is already in flight" : "Re-read the feed now"}>
        {run.isPending ? "Starting…" : "Run now"}
      </Button>
      {run.error && <span role="alert" className="text-xs text-red-700">{run.error.message}</span>}
    </div>
  );
}

export function DealerView({ dealerId }: { dealerId: string }) {
  const query = useQuery({
    queryKey: ["dealer", dealerId],
    queryFn: () => getJson<DealerDetail>(`/api/dealers/${dealerId}`),
    refetchInterval: (q) => (q.state.error instanceof ApiError && q.state.error.status === 404 ? false : 5_000),
  });
  if (query.error && !query.data) {
    return query.error instanceof ApiError && query.error.status === 404 ? (
      <EmptyState title="No such dealer">
        <Link href="/dealers" className="text-sky-700 hover:underline">
          Back to dealers
        </Link>
      </EmptyState>
    ) : (
      <ErrorNotice error={query.error} title="Could not load the dealer" />
    );
  }
  if (!query.data) return <Loading rows={8} />;
  const d = query.data;
  const busy = d.runs.some((r) => r.status === "QUEUED" || r.status === "RUNNING");
  return (
    <div className="space-y-4">
      <PageHeader
        title={<span data-testid="dealer-name">{d.dealer.name}</span>}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs">{d.dealer.slug}</span>
            <PlanPill plan={d.dealer.plan} />
            <StatusPill status={d.dealer.status} />
            <TierPill tier={d.dealer.tier} />
            <span>
              · onboarded <RelativeTime iso={d.dealer.createdAt} />
            </span>
          </span>
        }
        actions={<RunNowButton dealerId={dealerId} busy={busy} />}
      />
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Kpi label="Active SKUs" value={formatInt(d.dealer.skuCount)} hint={d.dealer.tier ?? "no listings yet"} />
        <Kpi label="Last run" value={<StatusPill status={d.dealer.lastRunStatus} />} hint={<RelativeTime iso={d.dealer.lastRunAt} />} />
        <Kpi label="Insights" value={formatInt(d.dealer.insights)} hint="open" />
        <Kpi label="Quarantined" value={formatInt(d.quarantinedTotal)} hint="rows set aside" tone={d.quarantinedTotal ? "warn" : "default"} />
      </div>
      <Panel title="Feeds" bodyClassName="p-0">
        <FeedsTable feeds={d.feeds} />
      </Panel>
      <Panel
        title="Latest runs"
        bodyClassName="p-0"
        actions={
          <Link href={`/runs?dealer=${dealerId}`} className="text-sm text-sky-700 hover:underline">
            All runs
          </Link>
        }
      >
        <DealerRunsTable runs={d.runs.slice(0, 10)} targetMs={d.dealer.targetMs} />
      </Panel>
      <Panel title="Change history" subtitle="Listings by their latest change: last 24 hours (big number) and 7 days" bodyClassName="p-0">
        <ChangeHistory detail={d} />
      </Panel>
      <Panel title="Insights" subtitle="Against each canonical SKU's market benchmark (price per round)" bodyClassName="p-0">
        <InsightsTable insights={d.insights} counts={d.insightCounts} />
      </Panel>
      <Panel title="Quarantined rows" subtitle="Records that could not be used, with the reason; the rest of the feed went on" bodyClassName="p-0">
        <QuarantineTable rows={d.quarantined} total={d.quarantinedTotal} />
      </Panel>
    </div>
  );
}

"use client";
/** The runs list: filterable by dealer, plan, tier, status, trigger and time; polls every 3 s. */
import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { RunRow } from "@/lib/metrics/runs";
import { getJson, queryString } from "../api";
import { Button } from "../ui/Button";
import { ErrorNotice, Loading } from "../ui/Feedback";
import { PageHeader, Panel } from "../ui/Panel";
import { RunFilters, ranges, type RunFilterValues } from "./RunFilters";
import { RunsTable } from "./RunsTable";

const keys: Array<keyof RunFilterValues> = ["dealer", "plan", "tier", "status", "trigger", "range", "from", "to"];

function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function RunsView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ""])) as unknown as RunFilterValues;

  const range = ranges.find((r) => r.key === values.range);
  // Relative ranges are resolved to the minute so the query key stays put between polls.
  const from = range && "ms" in range ? new Date(Math.floor((Date.now() - range.ms) / 60_000) * 60_000).toISOString() : values.range === "custom" ? toIso(values.from) : undefined;
  const to = values.range === "custom" ? toIso(values.to) : undefined;
  const filter = { dealer: values.dealer, plan: values.plan, tier: values.tier, status: values.status, trigger: values.trigger, from, to };

  const runs = useInfiniteQuery({
    queryKey: ["runs", filter],
    queryFn: ({ pageParam }) => getJson<{ runs: RunRow[]; nextBefore: string | null }>(`/api/runs${queryString({ ...filter, before: pageParam, limit: 50 })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    refetchInterval: 3_000,
    placeholderData: (previous) => previous,
  });

  const onChange = (patch: Partial<RunFilterValues>) => {
    const next = { ...values, ...patch };
    const search = new URLSearchParams();
    for (const k of keys) if (next[k]) search.set(k, next[k]);
    const s = search.toString();
    router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
  };

  const rows = runs.data?.pages.flatMap((p) => p.runs) ?? [];
  return (
    <div>
      <PageHeader title="Runs" subtitle="Every pipeline run, newest first. Duration is coloured against the run's tier target." />
      <Panel className="mb-4">
        <RunFilters values={values} onChange={onChange} />
      </Panel>
      <Panel bodyClassName="p-0">
        {runs.error && !runs.data && (
          <div className="p-4">
            <ErrorNotice error={runs.error} title="Could not load runs" />
          </div>
        )}
        {runs.isPending ? (
          <div className="p-4">
            <Loading rows={8} />
          </div>
        ) : (
          <RunsTable runs={rows} />
        )}
        {runs.hasNextPage && (
          <div className="flex justify-center border-t border-slate-100 p-3">
            <Button onClick={() => runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
              {runs.isFetchingNextPage ? "Loading…" : "Load older runs"}
            </Button>
          </div>
        )}
      </Panel>
    </div>
  );
}

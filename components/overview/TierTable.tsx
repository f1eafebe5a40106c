import Link from "next/link";
import type { TierStat } from "@/lib/metrics/overview";
import { minSkus, tiers } from "@/lib/metrics/tiers";
import { formatInt, formatRate, formatSeconds } from "../format";
import { Table, Td, Th } from "../ui/Table";

function within(valueMs: number | null, targetMs: number): string {
  if (valueMs === null) return "text-slate-400";
  if (valueMs > targetMs * 2) return "font-semibold text-red-700";
  if (valueMs > targetMs) return "font-semibold text-amber-700";
  return "text-emerald-700";
}

/** The tier figures in numbers: run counts, percentiles against target, throughput against required. */
export function TierTable({ stats }: { stats: TierStat[] }) {
  return (
    <Table testId="tier-table">
      <thead>
        <tr>
          <Th>Tier</Th>
          <Th align="right">SKUs</Th>
          <Th align="right">Target</Th>
          <Th align="right">Runs</Th>
          <Th align="right">p50</Th>
          <Th align="right">p95</Th>
          <Th align="right">Max</Th>
          <Th align="right">Over target</Th>
          <Th align="right">SKUs/s</Th>
          <Th align="right">Needed</Th>
          <Th align="right">Skipped runs</Th>
          <Th align="right">Failed</Th>
        </tr>
      </thead>
      <tbody>
        {stats.map((s) => {
          const tier = tiers.find((t) => t.name === s.tier)!;
          return (
            <tr key={s.tier} data-testid={`tier-row-${s.tier}`} className="hover:bg-slate-50">
              <Td>
                <Link href={`/runs?tier=${encodeURIComponent(s.tier)}`} className="font-medium text-slate-900 hover:underline">
                  {s.tier}
                </Link>
              </Td>
              <Td align="right" className="text-slate-500">
                {tier === tiers[tiers.length - 1] ? `> ${formatInt(minSkus(tier) - 1)}` : `≤ ${formatInt(s.maxSkus)}`}
              </Td>
              <Td align="right" className="text-slate-500">
                {formatSeconds(s.targetMs)}
              </Td>
              <Td align="right">{formatInt(s.runs)}</Td>
              <Td align="right" className={within(s.p50Ms, s.targetMs)} data-testid={`tier-p50-${s.tier}`}>
                {formatSeconds(s.p50Ms)}
              </Td>
              <Td align="right" className={within(s.p95Ms, s.targetMs)} data-testid={`tier-p95-${s.tier}`}>
                {formatSeconds(s.p95Ms)}
              </Td>
              <Td align="right" className={within(s.maxMs, s.targetMs)}>
                {formatSeconds(s.maxMs)}
              </Td>
              <Td align="right" className={s.overTarget > 0 ? "text-amber-700" : "text-slate-500"}>
                {s.runs ? formatInt(s.overTarget) : "—"}
              </Td>
              <Td align="right" className={s.skusPerSecond !== null && s.skusPerSecond < s.requiredSkusPerSecond ? "text-amber-700" : ""}>
                {formatRate(s.skusPerSecond)}
              </Td>
              <Td align="right" className="text-slate-500">
                {formatRate(s.requiredSkusPerSecond)}
              </Td>
              <Td align="right" className="text-slate-500">
                {formatInt(s.skippedRuns)}
              </Td>
              <Td align="right" className={s.failed > 0 ? "text-red-700" : "text-slate-500"}>
                {formatInt(s.failed)}
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

import type { MaterializationRow } from "@/lib/metrics/runs";
import { formatDuration, formatInt, stageName } from "../format";
import { StatusPill } from "../ui/StatusPill";
import { EmptyRow, Table, Td, Th } from "../ui/Table";

/** What each stage did: created / changed / unchanged / quarantined / deactivated, and how long it took. */
export function StageCounts({ materializations }: { materializations: MaterializationRow[] }) {
  return (
    <Table testId="stage-counts">
      <thead>
        <tr>
          <Th>Stage</Th>
          <Th>Status</Th>
          <Th align="right">Created</Th>
          <Th align="right">Changed</Th>
          <Th align="right">Unchanged</Th>
          <Th align="right">Quarantined</Th>
          <Th align="right">Deactivated</Th>
          <Th align="right">Queue wait</Th>
          <Th align="right">Duration</Th>
        </tr>
      </thead>
      <tbody>
        {materializations.length === 0 && <EmptyRow colSpan={9}>No stage has materialised yet.</EmptyRow>}
        {materializations.map((m) => (
          <tr key={m.id} data-testid={`stage-${m.asset}`}>
            <Td className="font-medium text-slate-900">{stageName(m.asset)}</Td>
            <Td>
              <StatusPill status={m.status} />
            </Td>
            <Td align="right" className={m.created ? "text-emerald-700" : "text-slate-400"}>
              {formatInt(m.created)}
            </Td>
            <Td align="right" className={m.updated ? "text-sky-700" : "text-slate-400"}>
              {formatInt(m.updated)}
            </Td>
            <Td align="right" className="text-slate-500">
              {formatInt(m.unchanged)}
            </Td>
            <Td align="right" className={m.quarantined ? "font-medium text-amber-700" : "text-slate-400"}>
              {formatInt(m.quarantined)}
            </Td>
            <Td align="right" className={m.deactivated ? "text-slate-700" : "text-slate-400"}>
              {formatInt(m.deactivated)}
            </Td>
            <Td align="right" className="text-slate-500">
              {formatDuration(m.queueWaitMs)}
            </Td>
            <Td align="right">{formatDuration(m.durationMs)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

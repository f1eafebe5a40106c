"use client";
/** The runs list's filters, kept in the URL so a filtered list can be linked (alerts link to one). */
import { useQuery } from "@tanstack/react-query";
import { plans, runStatuses, runTriggers } from "@/lib/metrics/runs";
import { tierNames } from "@/lib/metrics/tiers";
import type { DealerRow } from "@/lib/metrics/dealers";
import { getJson } from "../api";
import { humanize } from "../format";

export interface RunFilterValues {
  dealer: string;
  plan: string;
  tier: string;
  status: string;
  trigger: string;
  range: string;
  from: string;
  to: string;
}

export const ranges = [
  { key: "", label: "Any time" },
  { key: "1h", label: "Last hour", ms: 3_600_000 },
  { key: "6h", label: "Last 6 hours", ms: 6 * 3_600_000 },
  { key: "24h", label: "Last 24 hours", ms: 24 * 3_600_000 },
  { key: "7d", label: "Last 7 days", ms: 7 * 24 * 3_600_000 },
  { key: "custom", label: "Custom…" },
] as const;

const selectClass =
  "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-800 shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <label className="block min-w-0">
      <span className="mb-1 block text-xs font-medium text-slate-500">{label}</span>
      {children}
    </label>
  );
}

export function RunFilters({ values, onChange }: { values: RunFilterValues; onChange: (patch: Partial<RunFilterValues>) => void }) {
  const dealers = useQuery({ queryKey: ["dealers", "names"], queryFn: () => getJson<{ dealers: DealerRow[] }>("/api/dealers"), staleTime: 30_000 });
  const anySet = Object.values(values).some((v) => v !== "");
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-7" data-testid="run-filters">
      <Field label="Dealer">
        <select className={selectClass} value={values.dealer} onChange={(e) => onChange({ dealer: e.target.value })} name="dealer">
          <option value="">All dealers</option>
          {dealers.data?.dealers.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Plan">
        <select className={selectClass} value={values.plan} onChange={(e) => onChange({ plan: e.target.value })} name="plan">
          <option value="">Any plan</option>
          {plans.map((p) => (
            <option key={p} value={p}>
              {p === "NONE" ? "No plan" : humanize(p)}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Tier">
        <select className={selectClass} value={values.tier} onChange={(e) => onChange({ tier: e.target.value })} name="tier">
          <option value="">Any tier</option>
          {tierNames.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Status">
        <select className={selectClass} value={values.status} onChange={(e) => onChange({ status: e.target.value })} name="status">
          <option value="">Any status</option>
          {runStatuses.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Trigger">
        <select className={selectClass} value={values.trigger} onChange={(e) => onChange({ trigger: e.target.value })} name="trigger">
          <option value="">Any trigger</option>
          {runTriggers.map((t) => (
            <option key={t} value={t}>
              {humanize(t)}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Time">
        <select className={selectClass} value={values.range} onChange={(e) => onChange({ range: e.target.value, from: "", to: "" })} name="range">
          {ranges.map((r) => (
            <option key={r.key} value={r.key}>
              {r.label}
            </option>
          ))}
        </select>
      </Field>
      <div className="flex items-end">
        <button
          type="button"
          disabled={!anySet}
          onClick={() => onChange({ dealer: "", plan: "", tier: "", status: "", trigger: "", range: "", from: "", to: "" })}
          className="w-full rounded-md px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100 disabled:text-slate-300"
        >
          Clear filters
        </button>
      </div>
      {values.range === "custom" && (
        <>
          <Field label="From">
            <input type="datetime-local" className={selectClass} value={values.from} onChange={(e) => onChange({ from: e.target.value })} name="from" />
          </Field>
          <Field label="To">
            <input type="datetime-local" className={selectClass} value={values.to} onChange={(e) => onChange({ to: e.target.value })} name="to" />
          </Field>
        </>
      )}
    </div>
  );
}

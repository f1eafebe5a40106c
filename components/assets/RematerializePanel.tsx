"use client";
/** Re-materialise one asset (and what lies downstream) for one dealer, or backfill it for every dealer. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { PartitionRow } from "@/lib/metrics/assets";
import { assetLabels, lineageNodes, type AssetKey } from "@/lib/metrics/lineage";
import { postJson } from "../api";
import { shortId } from "../format";
import { Button } from "../ui/Button";

const selectClass = "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500";

export function RematerializePanel({ asset, onAsset, dealers, totalDealers }: { asset: AssetKey; onAsset: (a: AssetKey) => void; dealers: PartitionRow[]; totalDealers: number }) {
  const [dealerId, setDealerId] = useState("");
  const [confirming, setConfirming] = useState(false);
  const client = useQueryClient();
  const fleetWide = asset === "EMBEDDINGS";
  const backfill = !dealerId || fleetWide;
  const run = useMutation({
    mutationFn: () => postJson<{ runIds: string[] }>("/api/assets/rematerialize", { asset, dealerId: backfill ? undefined : dealerId }),
    onSuccess: () => {
      setConfirming(false);
      void client.invalidateQueries({ queryKey: ["assets"] });
    },
  });
  const description = lineageNodes.find((n) => n.asset === asset)?.description;

  return (
    <div className="space-y-3" data-testid="rematerialize-panel">
      <div>
        <label htmlFor="remat-asset" className="mb-1 block text-xs font-medium text-slate-500">
          Asset
        </label>
        <select id="remat-asset" className={selectClass} value={asset} onChange={(e) => { onAsset(e.target.value as AssetKey); run.reset(); setConfirming(false); }} name="asset">
          {(Object.keys(assetLabels) as AssetKey[]).map((a) => (
            <option key={a} value={a}>
              {assetLabels[a]}
            </option>
          ))}
        </select>
        {description && <p className="mt-1 text-xs text-slate-500">{description}</p>}
      </div>
      {!fleetWide && (
        <div>
          <label htmlFor="remat-dealer" className="mb-1 block text-xs font-medium text-slate-500">
            Partition
          </label>
          <select id="remat-dealer" className={selectClass} value={dealerId} onChange={(e) => { setDealerId(e.target.value); run.reset(); setConfirming(false); }} name="dealer">
            <option value="">All dealers (backfill)</option>
            {dealers.map((d) => (
              <option key={d.dealerId} value={d.dealerId}>
                {d.dealerName}
              </option>
            ))}
          </select>
        </div>
      )}
      <p className="text-xs text-slate-500">
        {fleetWide
          ? "Embeds every product whose semantic hash changed since its last embedding."
          : backfill
            ? `Starts one run per active dealer (${totalDealers}) from ${assetLabels[asset]}, downstream stages included.`
            : `Starts a run for this dealer from ${assetLabels[asset]}, downstream stages included.`}
      </p>
      {backfill && !fleetWide && confirming ? (
        <div className="flex flex-wrap gap-2">
          <Button variant="danger" onClick={() => run.mutate()} disabled={run.isPending}>
            {run.isPending ? "Starting…" : `Backfill ${totalDealers} dealers`}
          </Button>
          <Button onClick={() => setConfirming(false)}>Cancel</Button>
        </div>
      ) : (
        <Button variant="primary" onClick={() => (backfill && !fleetWide ? setConfirming(true) : run.mutate())} disabled={run.isPending} data-testid="rematerialize-button">
          {run.isPending ? "Starting…" : backfill && !fleetWide ? "Backfill all dealers…" : fleetWide ? "Materialise embeddings" : `Re-materialise ${assetLabels[asset]}`}
        </Button>
      )}
      {run.error && (
        <p role="alert" className="text-sm text-red-700">
          {run.error.message}
        </p>
      )}
      {run.data && (
        <div role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {run.data.runIds.length === 0 ? (
            "Requested: the embeddings function picks it up."
          ) : run.data.runIds.length === 1 ? (
            <>
              Started run{" "}
              <Link className="font-mono underline" href={`/runs/${run.data.runIds[0]}`}>
                {shortId(run.data.runIds[0]!)}
              </Link>
            </>
          ) : (
            <>
              Started {run.data.runIds.length} runs.{" "}
              <Link className="underline" href="/runs?trigger=BACKFILL">
                See them
              </Link>
            </>
          )}
        </div>
      )}
    </div>
  );
}

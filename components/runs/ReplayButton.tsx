"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { postJson } from "../api";
import { Button } from "../ui/Button";

/** Replays a run as a new run (the feed is re-read even if unchanged) and opens the new run. */
export function ReplayButton({ runId, disabledReason }: { runId: string; disabledReason?: string }) {
  const router = useRouter();
  const client = useQueryClient();
  const replay = useMutation({
    mutationFn: () => postJson<{ runId: string }>(`/api/runs/${runId}/replay`),
    onSuccess: ({ runId: newRunId }) => {
      void client.invalidateQueries({ queryKey: ["runs"] });
      router.push(`/runs/${newRunId}`);
    },
  });
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="primary" onClick={() => replay.mutate()} disabled={replay.isPending || replay.isSuccess || Boolean(disabledReason)} title={disabledReason} data-testid="replay-button">
        {replay.isPending || replay.isSuccess ? "Replaying…" : "Replay run"}
      </Button>
      {replay.error && (
        <span role="alert" className="text-xs text-red-700">
          {replay.error.message}
        </span>
      )}
    </div>
  );
}

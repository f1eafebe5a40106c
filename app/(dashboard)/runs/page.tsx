import { Suspense } from "react";
import { RunsView } from "@/components/runs/RunsView";

export default function RunsPage() {
  return (
    <Suspense>
      <RunsView />
    </Suspense>
  );
}

import type { RunDetail } from "@/lib/metrics/runs";
import { stageName } from "../format";

function Stack({ text }: { text: string }) {
  return <pre className="mt-2 max-h-80 overflow-auto whitespace-pre-wrap break-words rounded-md bg-slate-950 p-3 font-mono text-xs leading-relaxed text-slate-100">{text}</pre>;
}

/** Why the run failed: its error and stack, failed step attempts (retries included), failed stages. */
export function RunErrors({ detail }: { detail: RunDetail }) {
  const { run } = detail;
  const failedSteps = detail.steps.filter((s) => s.error);
  const failedStages = detail.materializations.filter((m) => m.error);
  if (!run.error && failedSteps.length === 0 && failedStages.length === 0) return null;
  return (
    <div className="space-y-4" data-testid="run-errors">
      {run.error && (
        <div>
          <div className="text-sm font-medium text-red-800">
            Run failed{run.currentStage ? ` in ${stageName(run.currentStage)}` : ""}: <span className="font-normal">{run.error}</span>
          </div>
          {run.errorStack && <Stack text={run.errorStack} />}
        </div>
      )}
      {failedSteps.length > 0 && (
        <div>
          <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">Failed step attempts</h3>
          <ul className="mt-1 space-y-1">
            {failedSteps.map((s) => (
              <li key={s.id} className="text-sm">
                <span className="font-mono text-xs text-slate-600">
                  {s.functionId} › {s.stepId} (attempt {s.attempt + 1})
                </span>
                : <span className="break-words text-red-700">{s.error}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {failedStages.length > 0 && (
        <div>
          <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">Failed stages</h3>
          <ul className="mt-1 space-y-1">
            {failedStages.map((m) => (
              <li key={m.id} className="text-sm">
                <span className="font-medium">{stageName(m.asset)}</span>: <span className="break-words text-red-700">{m.error}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** Every scenario by kind. Each runs in its own worker process (bench/worker.ts). */
import type { ScenarioResult, ScenarioSpec } from "../types";

export async function runScenario(spec: ScenarioSpec): Promise<ScenarioResult> {
  switch (spec.kind) {
    case "seed":
      return (await import("./seed")).runSeedScenario(spec);
    case "pipeline":
      return { kind: "pipeline", result: await (await import("./pipeline")).runPipelineScenario(spec) };
    case "write":
      return { kind: "write", result: await (await import("./write")).runWriteScenario(spec) };
    case "fleet":
      return { kind: "fleet", result: await (await import("./fleet")).runFleetScenario(spec) };
    case "embeddings":
      return { kind: "embeddings", result: await (await import("./embeddings")).runEmbeddingsScenario(spec) };
  }
}

/** A short name for progress lines and the per-scenario load record. */
export function scenarioLabel(spec: ScenarioSpec): string {
  switch (spec.kind) {
    case "seed":
      return `seed ${spec.others.length} other dealers`;
    case "pipeline":
      return `pipeline ${spec.skus} SKUs (${spec.mode})`;
    case "write":
      return `ingest write ${spec.rows} rows${spec.naive ? " (with naive)" : ""}`;
    case "fleet":
      return `fleet ${spec.dealers} dealers × ~${spec.avgSkus} SKUs`;
    case "embeddings":
      return `embeddings ${spec.products} products`;
  }
}

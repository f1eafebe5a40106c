/**
 * A local stand-in for OpenAI's embeddings API on 127.0.0.1: `POST /v1/embeddings` with Bearer auth, float
 * or base64 vectors, per-minute request and token limits with OpenAI's `x-ratelimit-*` headers and 429s,
 * and injectable faults. Vectors are deterministic per text (seeded from its SHA-256), not semantic.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { countTokens as cl100kCount } from "gpt-tokenizer/encoding/cl100k_base";

export interface OpenAIServerOptions {
  apiKey?: string;
  /** Requests per minute; unlimited when absent. */
  rpm?: number;
  /** Tokens per minute; unlimited when absent. */
  tpm?: number;
  /**
   * How much of the minute the budget holds. OpenAI's headers describe a full minute (60,000); a shorter
   * window enforces the same rate in slices, as OpenAI may ("60,000 RPM may be enforced as 1,000/s").
   */
  windowMs?: number;
  /** `bucket`: refills continuously, `reset` = time until full (OpenAI's model). `fixed`: resets each window. */
  mode?: "bucket" | "fixed";
  /** Added to every answered request. */
  latencyMs?: number;
  port?: number;
}

export interface OpenAIServerFaults {
  /** Answer the next N requests with 500. */
  fail500: number;
  /** Answer the next N requests with 429 (Infinity: until changed). */
  storm429: number;
  /** The `retry-after-ms` those 429s carry; null sends none. */
  storm429RetryAfterMs: number | null;
  /** Never answer the next N requests (until the client gives up or the server closes). */
  hang: number;
}

export interface RequestLogEntry {
  /** ms since the server started */
  at: number;
  status: number;
  inputs: number;
  tokens: number;
  firstInput: string;
  /** For a 429: which limit was hit, or "storm" when injected. */
  limitedBy?: "requests" | "tokens" | "storm";
}

export interface OpenAIServerStats {
  requests: number;
  ok: number;
  /** 429s from the rate limits */
  rateLimited: number;
  /** 429s injected by `storm429` */
  stormed: number;
  failed500: number;
  hung: number;
  unauthorized: number;
  badRequests: number;
  /** inputs and tokens of successful requests */
  inputs: number;
  tokens: number;
  maxInputsPerRequest: number;
  encodings: { float: number; base64: number };
  log: RequestLogEntry[];
}

export interface OpenAIServer {
  /** Base URL for the SDK: `http://127.0.0.1:<port>/v1`. */
  url: string;
  apiKey: string;
  stats: OpenAIServerStats;
  setFaults(faults: Partial<OpenAIServerFaults>): void;
  /** Tokenizes and serialises these texts' vectors ahead, so a timed run measures the client, not this. */
  warm(texts: Iterable<string>, dimensions?: number, encoding?: "float" | "base64"): void;
  resetStats(): void;
  close(): Promise<void>;
}

const MODEL_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};
const MAX_INPUTS = 2048;
const MAX_INPUT_TOKENS = 8192;
const MAX_REQUEST_TOKENS = 300_000;

/** Tokens as OpenAI counts them for text-embedding-3-*: `cl100k_base`. */
export function countTokens(text: string): number {
  return cl100kCount(text);
}

/** The vector this server returns for `text`: unit length, reproducible. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const seed = createHash("sha256").update(text).digest();
  let a = seed.readUInt32LE(0);
  let b = seed.readUInt32LE(4);
  let c = seed.readUInt32LE(8);
  let d = seed.readUInt32LE(12);
  const out = new Array<number>(dimensions);
  let sum = 0;
  for (let i = 0; i < dimensions; i++) {
    // sfc32
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    const v = (t >>> 0) / 4294967296 - 0.5;
    out[i] = v;
    sum += v * v;
  }
  const norm = Math.sqrt(sum) || 1;
  // Through float32, as OpenAI's vectors are, so float and base64 answers agree exactly.
  return out.map((v) => Math.fround(v / norm));
}

/** Go-style, as OpenAI formats `x-ratelimit-reset-*`: `20ms`, `1s`, `1.5s`, `6m0s`. */
export function formatResetDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const totalSeconds = ms / 1000;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = Number((totalSeconds - minutes * 60).toFixed(3));
  return `${minutes > 0 ? `${minutes}m` : ""}${seconds}s`;
}

class Limit {
  readonly capacity: number;
  private readonly perMs: number;
  private level: number;
  private last: number;
  private windowIndex = 0;

  constructor(
    readonly perMinute: number,
    private readonly windowMs: number,
    private readonly mode: "bucket" | "fixed",
    private readonly started: number,
  ) {
    this.capacity = (perMinute * windowMs) / 60_000;
    this.perMs = perMinute / 60_000;
    this.level = this.capacity;
    this.last = started;
  }

  /** 0 when `cost` fits now, else ms until it will. */
  waitMs(cost: number, now: number): number {
    this.advance(now);
    if (this.level >= cost) return 0;
    if (this.mode === "fixed") return this.windowEnd() - now;
    return Math.ceil((cost - this.level) / this.perMs);
  }

  take(cost: number, now: number): void {
    this.advance(now);
    this.level -= cost;
  }

  headers(now: number): { limit: number; remaining: number; resetMs: number } {
    this.advance(now);
    const resetMs =
      this.mode === "fixed"
        ? this.level >= this.capacity
          ? 0
          : this.windowEnd() - now
        : (this.capacity - this.level) / this.perMs;
    return { limit: this.perMinute, remaining: Math.max(0, Math.floor(this.level)), resetMs };
  }

  private windowEnd(): number {
    return this.started + (this.windowIndex + 1) * this.windowMs;
  }

  private advance(now: number): void {
    if (this.mode === "fixed") {
      const index = Math.floor((now - this.started) / this.windowMs);
      if (index !== this.windowIndex) {
        this.windowIndex = index;
        this.level = this.capacity;
      }
    } else {
      this.level = Math.min(this.capacity, this.level + (now - this.last) * this.perMs);
      this.last = now;
    }
  }
}

function emptyStats(): OpenAIServerStats {
  return {
    requests: 0,
    ok: 0,
    rateLimited: 0,
    stormed: 0,
    failed500: 0,
    hung: 0,
    unauthorized: 0,
    badRequests: 0,
    inputs: 0,
    tokens: 0,
    maxInputsPerRequest: 0,
    encodings: { float: 0, base64: 0 },
    log: [],
  };
}

function errorBody(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

class RawJson {
  constructor(readonly json: string) {}
}

class BadRequest extends Error {
  constructor(
    message: string,
    readonly param: string | null = null,
    readonly status = 400,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

interface EmbeddingsRequest {
  model: string;
  inputs: string[];
  dimensions: number;
  encoding: "float" | "base64";
}

function parseRequest(body: unknown): EmbeddingsRequest {
  if (typeof body !== "object" || body === null) throw new BadRequest("We could not parse the JSON body of your request.");
  const b = body as Record<string, unknown>;
  if (typeof b.model !== "string" || b.model === "") throw new BadRequest("you must provide a model parameter", "model");
  const maxDims = MODEL_DIMENSIONS[b.model];
  if (maxDims == null) {
    const message = `The model \`${b.model}\` does not exist or you do not have access to it.`;
    throw new BadRequest(message, null, 404, "model_not_found");
  }
  const inputs = typeof b.input === "string" ? [b.input] : b.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((i): i is string => typeof i === "string")) {
    throw new BadRequest("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", "input");
  }
  if (inputs.length > MAX_INPUTS) throw new BadRequest(`'$.input' is too long: ${inputs.length} > ${MAX_INPUTS} items.`, "input");
  if (inputs.some((i) => i === "")) throw new BadRequest("'$.input' is invalid: empty strings are not allowed.", "input");
  let dimensions = maxDims;
  if (b.dimensions != null) {
    if (!Number.isInteger(b.dimensions) || (b.dimensions as number) < 1 || (b.dimensions as number) > maxDims) {
      throw new BadRequest(`Invalid 'dimensions': must be an integer between 1 and ${maxDims}.`, "dimensions");
    }
    dimensions = b.dimensions as number;
  }
  const encoding = b.encoding_format ?? "float";
  if (encoding !== "float" && encoding !== "base64") {
    throw new BadRequest("Invalid 'encoding_format': must be 'float' or 'base64'.", "encoding_format");
  }
  return { model: b.model, inputs, dimensions, encoding };
}

function toBase64(vector: number[]): string {
  const buf = Buffer.alloc(vector.length * 4);
  vector.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString("base64");
}

/**
 * Token counts and serialised vectors per text, memoised: tokenizing and printing 512 floats costs more
 * CPU than anything the client does, and the stand-in shares the client's process in tests.
 */
class Memo {
  private readonly tokenCounts = new Map<string, number>();
  private readonly fragments = new Map<string, string>();

  tokens(text: string): number {
    let n = this.tokenCounts.get(text);
    if (n === undefined) this.tokenCounts.set(text, (n = countTokens(text)));
    return n;
  }

  /** The JSON value of `embedding`: an array of floats, or a quoted base64 string. */
  fragment(text: string, dimensions: number, encoding: "float" | "base64"): string {
    const key = `${encoding}:${dimensions}:${text}`;
    let json = this.fragments.get(key);
    if (json === undefined) {
      const vector = fakeEmbedding(text, dimensions);
      json = encoding === "base64" ? `"${toBase64(vector)}"` : JSON.stringify(vector);
      this.fragments.set(key, json);
    }
    return json;
  }
}

export async function startOpenAIServer(opts: OpenAIServerOptions = {}): Promise<OpenAIServer> {
  const apiKey = opts.apiKey ?? "sk-test-local";
  const started = performance.now();
  const windowMs = opts.windowMs ?? 60_000;
  const mode = opts.mode ?? "bucket";
  const requestLimit = opts.rpm != null ? new Limit(opts.rpm, windowMs, mode, started) : null;
  const tokenLimit = opts.tpm != null ? new Limit(opts.tpm, windowMs, mode, started) : null;
  const faults: OpenAIServerFaults = { fail500: 0, storm429: 0, storm429RetryAfterMs: 50, hang: 0 };
  const state = { stats: emptyStats() };
  const memo = new Memo();
  let requestSeq = 0;

  const rateHeaders = (now: number): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [name, limit] of [
      ["requests", requestLimit],
      ["tokens", tokenLimit],
    ] as const) {
      if (!limit) continue;
      const h = limit.headers(now);
      out[`x-ratelimit-limit-${name}`] = String(h.limit);
      out[`x-ratelimit-remaining-${name}`] = String(h.remaining);
      out[`x-ratelimit-reset-${name}`] = formatResetDuration(h.resetMs);
    }
    return out;
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const payload = body instanceof RawJson ? body.json : JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(payload),
      "x-request-id": `req_${++requestSeq}`,
      ...headers,
    });
    res.end(payload);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "POST" || path !== "/v1/embeddings") {
      return send(res, 404, errorBody(`Invalid URL (${req.method} ${path})`, "invalid_request_error", null));
    }
    const stats = state.stats;
    stats.requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const arrived = performance.now();
    const logEntry: RequestLogEntry = { at: arrived - started, status: 0, inputs: 0, tokens: 0, firstInput: "" };
    stats.log.push(logEntry);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      logEntry.status = status;
      send(res, status, body, headers);
    };

    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      stats.unauthorized++;
      return reply(401, errorBody("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
    }
    if (faults.hang > 0) {
      faults.hang--;
      stats.hung++;
      logEntry.status = -1;
      return; // never answered; closed by the client's timeout or by close()
    }
    if (faults.fail500 > 0) {
      faults.fail500--;
      stats.failed500++;
      return reply(500, errorBody("The server had an error while processing your request. Sorry about that!", "server_error", null));
    }
    if (faults.storm429 > 0) {
      faults.storm429--;
      stats.stormed++;
      logEntry.limitedBy = "storm";
      const retryAfter = faults.storm429RetryAfterMs;
      return reply(
        429,
        errorBody("Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded"),
        {
          ...rateHeaders(arrived),
          ...(retryAfter != null
            ? { "retry-after-ms": String(retryAfter), "retry-after": String(Math.ceil(retryAfter / 1000)) }
            : {}),
        },
      );
    }

    let parsed: EmbeddingsRequest;
    try {
      parsed = parseRequest(JSON.parse(Buffer.concat(chunks).toString("utf8")));
    } catch (err) {
      stats.badRequests++;
      const bad = err instanceof BadRequest ? err : null;
      const message = err instanceof Error ? err.message : String(err);
      return reply(bad?.status ?? 400, errorBody(message, "invalid_request_error", bad?.code ?? null, bad?.param ?? null));
    }
    const perInput = parsed.inputs.map((t) => memo.tokens(t));
    const tokens = perInput.reduce((s, n) => s + n, 0);
    logEntry.inputs = parsed.inputs.length;
    logEntry.tokens = tokens;
    logEntry.firstInput = parsed.inputs[0] ?? "";
    const tooLong = perInput.findIndex((n) => n > MAX_INPUT_TOKENS);
    if (tooLong !== -1 || tokens > MAX_REQUEST_TOKENS) {
      stats.badRequests++;
      const message =
        tooLong !== -1
          ? `This model's maximum context length is ${MAX_INPUT_TOKENS} tokens, however you requested ${perInput[tooLong]} tokens (input ${tooLong}).`
          : `Requested ${tokens} tokens, max ${MAX_REQUEST_TOKENS} tokens per request`;
      return reply(400, errorBody(message, "invalid_request_error", null, "input"));
    }

    const waitRequests = requestLimit?.waitMs(1, arrived) ?? 0;
    const waitTokens = tokenLimit?.waitMs(tokens, arrived) ?? 0;
    if (waitRequests > 0 || waitTokens > 0) {
      stats.rateLimited++;
      const retryAfter = Math.max(waitRequests, waitTokens);
      const which = waitTokens >= waitRequests ? "tokens" : "requests";
      logEntry.limitedBy = which;
      const limit = which === "tokens" ? tokenLimit! : requestLimit!;
      const h = limit.headers(arrived);
      return reply(
        429,
        errorBody(
          `Rate limit reached for ${parsed.model} on ${which} per min (${which === "tokens" ? "TPM" : "RPM"}): ` +
            `Limit ${h.limit}, Used ${Math.round(limit.capacity - h.remaining)}, Requested ${which === "tokens" ? tokens : 1}. ` +
            `Please try again in ${formatResetDuration(retryAfter)}.`,
          which,
          "rate_limit_exceeded",
        ),
        {
          ...rateHeaders(arrived),
          "retry-after-ms": String(retryAfter),
          "retry-after": String(Math.ceil(retryAfter / 1000)),
        },
      );
    }
    requestLimit?.take(1, arrived);
    tokenLimit?.take(tokens, arrived);
    const headers = rateHeaders(arrived);

    const data = parsed.inputs
      .map((input, index) => {
        const embedding = memo.fragment(input, parsed.dimensions, parsed.encoding);
        return `{"object":"embedding","index":${index},"embedding":${embedding}}`;
      })
      .join(",");
    if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
    stats.ok++;
    stats.inputs += parsed.inputs.length;
    stats.tokens += tokens;
    stats.maxInputsPerRequest = Math.max(stats.maxInputsPerRequest, parsed.inputs.length);
    stats.encodings[parsed.encoding]++;
    const usage = JSON.stringify({ prompt_tokens: tokens, total_tokens: tokens });
    reply(
      200,
      new RawJson(`{"object":"list","data":[${data}],"model":${JSON.stringify(parsed.model)},"usage":${usage}}`),
      { ...headers, "openai-model": parsed.model, "openai-processing-ms": String(Math.round(performance.now() - arrived)) },
    );
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, errorBody(String(err), "server_error", null));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    get stats() {
      return state.stats;
    },
    warm(texts, dimensions = 512, encoding = "float") {
      for (const t of texts) {
        memo.tokens(t);
        memo.fragment(t, dimensions, encoding);
      }
    },
    setFaults(next) {
      Object.assign(faults, next);
    },
    resetStats() {
      state.stats = emptyStats();
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hung requests and idle keep-alive sockets would hold close() open.
        server.closeAllConnections();
      });
    },
  };
}

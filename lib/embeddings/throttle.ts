import PQueue from "p-queue";
import { Budget } from "./budget";
import { readThrottleConfig, type EmbeddingEnv, type ThrottleConfig } from "./config";
import { EmbeddingRequestError } from "./errors";
import type { EmbedResult, EmbeddingProvider } from "./provider";
import type { RateLimitInfo } from "./rate-limit";

export type Priority = "high" | "normal";

export interface ThrottleRequest {
  priority: Priority;
  /** A retry goes ahead of fresh work in its lane: it has waited already. */
  retry: boolean;
  estimatedTokens: number;
  signal?: AbortSignal;
}

/** What the throttle hands `send`: pass `onHeaders` on to the provider so the budgets learn early. */
export interface SendHooks {
  onHeaders: (rateLimit: RateLimitInfo) => void;
}

export interface ThrottleSnapshot {
  inFlight: number;
  queued: number;
  pausedForMs: number;
  requests: { available: number; capacity: number; perMinute: number };
  tokens: { available: number; capacity: number; perMinute: number };
  dispatched: number;
  rateLimited429: number;
}

interface Ticket {
  estimatedTokens: number;
  tokensCharged: number;
  /** Budget totals right after this request was charged: whatever was charged since went out after it. */
  requestsMark: number;
  tokensMark: number;
  /** The server has answered: the holds are released and the headers taken in. */
  answered: boolean;
  /** Our levels were set from this request's headers, which already count its real cost. */
  synced: boolean;
}

/** When a 429 names no retry-after, hold everything this long before trying again. */
const DEFAULT_429_PAUSE_MS = 1_000;
/** Charges follow observed usage/estimate, this much higher. */
const CALIBRATION_MARGIN = 1.05;

// p-queue runs the highest number first.
function lane(priority: Priority, retry: boolean): number {
  return (priority === "high" ? 10 : 0) + (retry ? 1 : 0);
}

function abortError(signal: AbortSignal): EmbeddingRequestError {
  const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? "aborted");
  return new EmbeddingRequestError("aborted", `aborted: ${reason}`);
}

/** Resolves after `ms`, or as soon as `wake` is called; rejects when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined, onWake?: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      finish();
      reject(abortError(signal!));
    };
    const timer = Number.isFinite(ms)
      ? setTimeout(() => {
          finish();
          resolve();
        }, ms)
      : undefined;
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    onWake?.(() => {
      finish();
      resolve();
    });
  });
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return pause(ms, signal);
}

/**
 * Paces embedding requests against requests-per-minute and tokens-per-minute at once.
 *
 * p-queue holds the queue: one dispatch decision at a time, in priority order (high before normal, retries
 * before fresh work). The job it runs waits until a request slot is free, any 429 pause is over, and both
 * budgets can pay, then charges them and lets the request go. The budgets refill continuously and follow
 * what the server says: its `limit` caps the rate, `remaining + rate × reset` reveals its burst capacity,
 * the first answer (to a request sent alone) and every 429 lower our level to its `remaining`,
 * `retry-after` pauses every request, and each success settles the charge against `usage.total_tokens`.
 *
 * Why not Bottleneck's reservoir: it refills on a heartbeat tick (losing budget whenever a tick runs late),
 * cannot be corrected atomically from headers, and each job costs several timer hops: under CPU load it
 * dispatched too slowly to keep up with the budget. Here the budgets are exact clocks and p-queue, which
 * hands over to the next job in a microtask, does the ordering.
 */
export class EmbeddingThrottle {
  readonly config: ThrottleConfig;
  private readonly dispatcher = new PQueue({ concurrency: 1 });
  private readonly requests: Budget;
  private readonly tokens: Budget;
  private inFlight = 0;
  /** Wakes the dispatcher when it idles for a slot or budget that an answer may free. */
  private wake: (() => void) | null = null;
  private pausedUntil = 0;
  private probed = false;
  /** Charge = estimate × this; 1 until usage has been seen. */
  private tokenCalibration = 1;
  private observedRatio: number | null = null;
  private dispatched = 0;
  private rateLimited429 = 0;
  private requestsLearned = false;
  private tokensLearned = false;

  constructor(
    config: ThrottleConfig,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.config = config;
    // A full minute of burst, as OpenAI grants; the server's headers narrow it if it enforces less.
    this.requests = new Budget(config.rpm, config.rpm, now);
    this.tokens = new Budget(config.tpm, config.tpm, now);
  }

  /** Runs `send` when the budgets allow; reports its outcome to the budgets; rethrows its failure. */
  async run(req: ThrottleRequest, send: (hooks: SendHooks) => Promise<EmbedResult>): Promise<EmbedResult> {
    const ticket = await this.dispatcher.add(() => this.admit(req), { priority: lane(req.priority, req.retry) });
    try {
      const result = await send({ onHeaders: (info) => this.onAnswer(ticket, info) });
      this.onSuccess(ticket, result);
      return result;
    } catch (err) {
      this.onFailure(ticket, err);
      throw err;
    } finally {
      this.inFlight--;
      this.wake?.();
    }
  }

  snapshot(): ThrottleSnapshot {
    const budget = (b: Budget) => ({ available: b.available(), capacity: b.capacity, perMinute: b.perMinute });
    return {
      inFlight: this.inFlight,
      queued: this.dispatcher.size + this.dispatcher.pending,
      pausedForMs: Math.max(0, this.pausedUntil - this.now()),
      requests: budget(this.requests),
      tokens: budget(this.tokens),
      dispatched: this.dispatched,
      rateLimited429: this.rateLimited429,
    };
  }

  private async admit(req: ThrottleRequest): Promise<Ticket> {
    for (;;) {
      if (req.signal?.aborted) throw abortError(req.signal);
      const cost = Math.ceil(req.estimatedTokens * this.tokenCalibration);
      const paused = this.pausedUntil - this.now();
      // The first request goes alone: its headers show where the server's budget stands before we spend it.
      const maxInFlight = this.probed ? this.config.maxInFlight : 1;
      const wait =
        paused > 0
          ? paused
          : this.inFlight >= maxInFlight
            ? Number.POSITIVE_INFINITY
            : Math.max(this.requests.waitMs(1), this.tokens.waitMs(cost));
      if (wait > 0) {
        await pause(wait, req.signal, (wake) => (this.wake = wake));
        this.wake = null;
        continue;
      }
      const tokensCharged = this.tokens.take(cost);
      this.requests.take(1);
      this.inFlight++;
      this.dispatched++;
      return {
        estimatedTokens: req.estimatedTokens,
        tokensCharged,
        requestsMark: this.requests.totalCharged,
        tokensMark: this.tokens.totalCharged,
        answered: false,
        synced: false,
      };
    }
  }

  /** The server has answered (headers in, body perhaps not yet): it has counted this request. */
  private onAnswer(ticket: Ticket, info: RateLimitInfo | null): void {
    if (ticket.answered) return;
    ticket.answered = true;
    this.requests.release(1);
    this.tokens.release(ticket.tokensCharged);
    if (info) {
      this.learn(info);
      // Another process with the same key may have spent part of the budget already.
      if (!this.probed) this.syncLevels(info, ticket);
    }
    this.probed = true;
    this.wake?.();
  }

  private onSuccess(ticket: Ticket, result: EmbedResult): void {
    this.onAnswer(ticket, result.rateLimit);
    const used = result.usage.totalTokens;
    if (used > 0) {
      if (!ticket.synced) this.tokens.settle(ticket.tokensCharged, used);
      this.calibrate(used / Math.max(1, ticket.estimatedTokens));
    }
  }

  private onFailure(ticket: Ticket, err: unknown): void {
    const error = err instanceof EmbeddingRequestError ? err : null;
    // Whether the server counted a failed request is unknown: its charge stays spent.
    this.onAnswer(ticket, null);
    if (error?.kind !== "rate_limited") return;
    this.rateLimited429++;
    if (error.rateLimit) {
      this.learn(error.rateLimit, true);
      this.syncLevels(error.rateLimit, ticket);
    }
    const wait = error.rateLimit?.retryAfterMs ?? DEFAULT_429_PAUSE_MS;
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + wait);
  }

  /**
   * Requests hold their charge until they settle; charging the raw (high) estimate would keep that much
   * budget idle while they are in flight. So charges follow the observed usage/estimate ratio: its upper
   * envelope (a higher ratio is taken at once, a lower one only slowly), plus a margin, because a batch
   * that costs more than it was charged lets the next one out too early.
   */
  private calibrate(observed: number): void {
    const prior = this.observedRatio;
    const ratio = prior == null || observed > prior ? observed : 0.9 * prior + 0.1 * observed;
    this.observedRatio = ratio;
    this.tokenCalibration = Math.min(3, Math.max(0.25, ratio * CALIBRATION_MARGIN));
  }

  /** `shrink`: the server just refused us, so its capacity may be below what we learned before. */
  private learn(info: RateLimitInfo, shrink = false): void {
    const r = [info.limitRequests, info.remainingRequests, info.resetRequestsMs] as const;
    const t = [info.limitTokens, info.remainingTokens, info.resetTokensMs] as const;
    this.requestsLearned = learnDimension(this.requests, this.config.rpm, ...r, shrink || !this.requestsLearned);
    this.tokensLearned = learnDimension(this.tokens, this.config.tpm, ...t, shrink || !this.tokensLearned);
  }

  /**
   * The server counted `remaining` when this request reached it, just before answering: whatever we sent
   * after it is not in it yet.
   */
  private syncLevels(info: RateLimitInfo, ticket: Ticket): void {
    ticket.synced = true;
    if (info.remainingRequests != null) {
      this.requests.lowerTo(info.remainingRequests - (this.requests.totalCharged - ticket.requestsMark));
    }
    if (info.remainingTokens != null) {
      this.tokens.lowerTo(info.remainingTokens - (this.tokens.totalCharged - ticket.tokensMark));
    }
  }
}

/** Adopts the server's rate and burst capacity; returns whether the capacity could be read. */
function learnDimension(
  budget: Budget,
  configuredPerMinute: number,
  limit: number | null,
  remaining: number | null,
  resetMs: number | null,
  mayShrink: boolean,
): boolean {
  if (limit == null || limit <= 0) return false;
  const perMinute = Math.min(configuredPerMinute, limit);
  if (perMinute !== budget.perMinute) budget.setRate(perMinute);
  if (remaining == null || resetMs == null) return false;
  // A full budget of C refilling at limit/min is `reset` away from full when `remaining` is left. The
  // headers round `remaining` down, so one reading can fall short by a unit: keep the largest seen.
  const serverCapacity = Math.max(1, Math.min(perMinute, remaining + (limit / 60_000) * resetMs));
  const capacity = mayShrink ? serverCapacity : Math.max(budget.capacity, serverCapacity);
  if (Math.abs(capacity - budget.capacity) > 0.01) budget.setCapacity(capacity);
  return true;
}

const SHARED_KEY = Symbol.for("dealer-pipeline.embeddings.throttles");

/** One throttle per provider model per process, so concurrent callers share the quota and the priority lanes. */
export function getSharedThrottle(provider: EmbeddingProvider, env: EmbeddingEnv = process.env): EmbeddingThrottle {
  const g = globalThis as typeof globalThis & { [SHARED_KEY]?: Map<string, EmbeddingThrottle> };
  const shared = (g[SHARED_KEY] ??= new Map());
  const key = `${provider.name}:${provider.model}`;
  let throttle = shared.get(key);
  if (!throttle) {
    throttle = new EmbeddingThrottle(
      provider.rateLimited
        ? readThrottleConfig(env)
        : // A local model has no quota; one call at a time keeps the CPU-bound work in priority order.
          { rpm: Number.POSITIVE_INFINITY, tpm: Number.POSITIVE_INFINITY, maxInFlight: 1 },
    );
    shared.set(key, throttle);
  }
  return throttle;
}

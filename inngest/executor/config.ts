import { Cron } from "croner";
import { z } from "zod";
import { compileExpr, type Expr } from "./cel";
import { parseDuration } from "./duration";
import { syncRequest, type ServeHandler } from "./protocol";

const timeStr = z.string();
const concurrencyOption = z.object({
  limit: z.number(),
  key: z.string().optional(),
  scope: z.enum(["fn", "env", "account"]).optional(),
});

/** The function config the SDK reports on sync (the fields the executor acts on). */
const functionConfig = z.object({
  id: z.string(),
  name: z.string().optional(),
  triggers: z.array(
    z.union([
      z.object({ event: z.string(), expression: z.string().optional() }),
      z.object({ cron: z.string(), jitter: z.string().optional() }),
    ]),
  ),
  steps: z.record(
    z.string(),
    z.object({ retries: z.object({ attempts: z.number().optional() }).optional() }),
  ),
  idempotency: z.string().optional(),
  batchEvents: z
    .object({ maxSize: z.number(), timeout: timeStr, key: z.string().optional(), if: z.string().optional() })
    .optional(),
  rateLimit: z.object({ limit: z.number(), period: timeStr, key: z.string().optional() }).optional(),
  throttle: z
    .object({ limit: z.number(), period: timeStr, key: z.string().optional(), burst: z.number().optional() })
    .optional(),
  singleton: z.object({ key: z.string().optional(), mode: z.enum(["skip", "cancel"]) }).optional(),
  cancel: z
    .array(z.object({ event: z.string(), if: z.string().optional(), timeout: timeStr.optional() }))
    .optional(),
  debounce: z.object({ period: timeStr, key: z.string().optional(), timeout: timeStr.optional() }).optional(),
  priority: z.object({ run: z.string().optional() }).optional(),
  concurrency: z.union([z.number(), concurrencyOption, z.array(concurrencyOption)]).optional(),
});

export const syncResponse = z.object({ app_id: z.string(), functions: z.array(functionConfig) });
export type FunctionConfig = z.infer<typeof functionConfig>;

/** Inngest's default: 3 retries, so 4 attempts. */
const defaultRetries = 3;

export interface CompiledFunction {
  /** The composite id ("<appId>-<fnId>") the SDK is called with. */
  id: string;
  name: string;
  maxAttempts: number;
  matchesEvent(name: string): Expr[] | undefined;
  crons: Array<{ schedule: string; cron: Cron }>;
  concurrency: Array<{ limit: number; scope: "fn" | "env" | "account"; key?: Expr }>;
  priority?: Expr;
  throttle?: { limit: number; periodMs: number; burst: number; key?: Expr };
  rateLimit?: { limit: number; periodMs: number; key?: Expr };
  debounce?: { periodMs: number; timeoutMs?: number; key?: Expr };
  batch?: { maxSize: number; timeoutMs: number; key?: Expr; if?: Expr };
  idempotency?: Expr;
  singleton?: { mode: "skip" | "cancel"; key?: Expr };
  cancel: Array<{ event: string; if?: Expr; timeoutMs?: number }>;
}

const optExpr = (source: string | undefined) => (source ? compileExpr(source) : undefined);

/** "app/*" matches every event under "app/". */
function nameMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.endsWith("*")) return (name) => name === pattern;
  const prefix = pattern.slice(0, -1);
  return (name) => name.startsWith(prefix);
}

/** Cron strings may start with "TZ=Area/City ". */
function compileCron(schedule: string): Cron {
  const tz = /^(?:CRON_)?TZ=(\S+)\s+(.*)$/.exec(schedule.trim());
  return tz ? new Cron(tz[2] ?? "", { paused: true, timezone: tz[1] }) : new Cron(schedule, { paused: true });
}

export function compileFunction(config: FunctionConfig): CompiledFunction {
  const eventTriggers = config.triggers.flatMap((t) =>
    "event" in t ? [{ matches: nameMatcher(t.event), expression: optExpr(t.expression) }] : [],
  );
  const concurrency =
    config.concurrency === undefined
      ? []
      : typeof config.concurrency === "number"
        ? [{ limit: config.concurrency }]
        : Array.isArray(config.concurrency)
          ? config.concurrency
          : [config.concurrency];
  const retries = config.steps["step"]?.retries?.attempts ?? defaultRetries;
  const { throttle, rateLimit, debounce, batchEvents, singleton } = config;

  return {
    id: config.id,
    name: config.name ?? config.id,
    maxAttempts: retries + 1,
    // Returns the trigger expressions to check (empty = unconditional), or undefined: no trigger matches.
    matchesEvent(name) {
      const hits = eventTriggers.filter((t) => t.matches(name));
      if (hits.length === 0) return undefined;
      return hits.some((t) => !t.expression) ? [] : hits.flatMap((t) => (t.expression ? [t.expression] : []));
    },
    crons: config.triggers.flatMap((t) => ("cron" in t ? [{ schedule: t.cron, cron: compileCron(t.cron) }] : [])),
    concurrency: concurrency
      .filter((c) => c.limit > 0)
      .map((c) => ({ limit: c.limit, scope: c.scope ?? "fn", key: optExpr(c.key) })),
    priority: optExpr(config.priority?.run),
    throttle: throttle && {
      limit: throttle.limit,
      periodMs: parseDuration(throttle.period),
      burst: throttle.burst ?? 0,
      key: optExpr(throttle.key),
    },
    rateLimit: rateLimit && {
      limit: rateLimit.limit,
      periodMs: parseDuration(rateLimit.period),
      key: optExpr(rateLimit.key),
    },
    debounce: debounce && {
      periodMs: parseDuration(debounce.period),
      timeoutMs: debounce.timeout === undefined ? undefined : parseDuration(debounce.timeout),
      key: optExpr(debounce.key),
    },
    batch: batchEvents && {
      maxSize: batchEvents.maxSize,
      timeoutMs: parseDuration(batchEvents.timeout),
      key: optExpr(batchEvents.key),
      if: optExpr(batchEvents.if),
    },
    idempotency: optExpr(config.idempotency),
    singleton: singleton && { mode: singleton.mode, key: optExpr(singleton.key) },
    cancel: (config.cancel ?? []).map((c) => ({
      event: c.event,
      if: optExpr(c.if),
      timeoutMs: c.timeout === undefined ? undefined : parseDuration(c.timeout),
    })),
  };
}

/** Reads every function's config through the serve handler, as an Inngest server would on sync. */
export async function syncFunctions(handler: ServeHandler): Promise<{ appId: string; functions: CompiledFunction[] }> {
  const response = await handler(syncRequest());
  if (!response.ok) throw new Error(`In-band sync failed: ${response.status} ${await response.text()}`);
  const body = syncResponse.parse(await response.json());
  return { appId: body.app_id, functions: body.functions.map(compileFunction) };
}

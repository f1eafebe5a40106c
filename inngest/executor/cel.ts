import { parse } from "@marcbachmann/cel-js";

/** A CEL expression compiled once and evaluated over `event` (and `async` for matches). */
export interface Expr {
  readonly source: string;
  evaluate(vars: Record<string, unknown>): unknown;
}

/**
 * JSON numbers arrive as JS doubles, but CEL treats `3` in an expression as an int and
 * refuses `double + int`. Whole numbers become ints (bigint) so `event.data.n + 1` works.
 */
function toCel(value: unknown): unknown {
  if (typeof value === "number") return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  }
  return value;
}

function fromCel(value: unknown): unknown {
  return typeof value === "bigint" ? Number(value) : value;
}

/** Objects whose absent fields read as null. */
function missingAsNull(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(missingAsNull);
  if (value === null || typeof value !== "object") return value;
  const target = value as Record<string, unknown>;
  return new Proxy(target, {
    get: (t, key) => (typeof key !== "string" || key in t ? missingAsNull(Reflect.get(t, key)) : null),
    getOwnPropertyDescriptor: (t, key) =>
      Reflect.getOwnPropertyDescriptor(t, key) ??
      (typeof key === "string" ? { value: null, writable: true, enumerable: false, configurable: true } : undefined),
  });
}

const isNoSuchKey = (error: unknown) => error instanceof Error && /No such key/.test(error.message);

/**
 * Inngest reads a field an event lacks as null (`event.data.firstRun == true` is false
 * when there is no firstRun) where plain CEL fails. Expressions are evaluated strictly
 * first, so `has()` guards keep their meaning, and again with absent fields as null
 * only when a field was missing.
 */
export function compileExpr(source: string): Expr {
  const program = parse(source);
  return {
    source,
    evaluate: (vars) => {
      const context = toCel(vars) as Record<string, unknown>;
      try {
        return fromCel(program(context));
      } catch (error) {
        if (!isNoSuchKey(error)) throw error;
        return fromCel(program(missingAsNull(context) as Record<string, unknown>));
      }
    },
  };
}

/** A key expression's value as a string; undefined when it fails (e.g. a missing field). */
export function evalKey(expr: Expr, vars: Record<string, unknown>): string | undefined {
  try {
    const value = expr.evaluate(vars);
    if (value === null || value === undefined) return undefined;
    return typeof value === "string" ? value : JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** A condition: errors (missing fields) count as false, as Inngest treats them. */
export function evalBool(expr: Expr, vars: Record<string, unknown>): boolean {
  try {
    return expr.evaluate(vars) === true;
  } catch {
    return false;
  }
}

export function evalNumber(expr: Expr, vars: Record<string, unknown>): number {
  try {
    const value = Number(expr.evaluate(vars));
    return Number.isFinite(value) ? value : 0;
  } catch {
    return 0;
  }
}

const cache = new Map<string, Expr>();

/** For expressions that arrive at run time (waitForEvent `if`), compiled once per source. */
export function compileCached(source: string): Expr {
  let expr = cache.get(source);
  if (!expr) {
    expr = compileExpr(source);
    cache.set(source, expr);
  }
  return expr;
}

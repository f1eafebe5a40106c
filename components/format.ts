/** Number and time formatting for the dashboard: one place, so every table and chart agrees. */

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1_000);
  if (m < 60) return `${m}m ${String(s).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

export function formatSeconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "—" : integer.format(n);
}

export function formatRate(n: number | null | undefined, unit = ""): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return `${n >= 100 ? integer.format(n) : oneDecimal.format(n)}${unit}`;
}

export function formatPct(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function formatSignedPct(pct: number | null | undefined): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return "—";
  return `${pct > 0 ? "+" : ""}${pct.toFixed(1)}%`;
}

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const ppr = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 3, maximumFractionDigits: 3 });

export function formatPrice(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "—" : usd.format(n);
}

/** Price per round: three decimals (cents and a tenth), the precision buyers compare. */
export function formatPpr(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "—" : ppr.format(n);
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "—";
  const ms = now - new Date(iso).getTime();
  const future = ms < 0;
  const s = Math.round(Math.abs(ms) / 1000);
  let text: string;
  if (s < 5) return "just now";
  if (s < 60) text = `${s}s`;
  else if (s < 3_600) text = `${Math.round(s / 60)}m`;
  else if (s < 172_800) text = `${Math.round(s / 3_600)}h`;
  else text = `${Math.round(s / 86_400)}d`;
  return future ? `in ${text}` : `${text} ago`;
}

export function absoluteTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return d.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "medium" });
}

export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString("en-US", { hour: "2-digit", minute: "2-digit", hour12: false });
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** "FEED_INGEST" → "Feed ingest"; "PRICE_CHANGE" → "Price change". */
export function humanize(key: string | null | undefined): string {
  if (!key) return "—";
  const words = key.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const stageNames: Record<string, string> = {
  FEED_INGEST: "Feed Ingest",
  SKU_MATCH: "SKU Match",
  BENCHMARK: "Benchmark",
  INSIGHT: "Insight",
  EMBEDDINGS: "Embeddings",
};

/** A pipeline stage (AssetKey) by its name in the docs: "SKU_MATCH" → "SKU Match". */
export function stageName(key: string | null | undefined): string {
  if (!key) return "—";
  return stageNames[key] ?? humanize(key);
}

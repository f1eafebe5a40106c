/**
 * The address login failures are counted against. X-Forwarded-For is a list each proxy appends to, so
 * its leftmost entries are whatever the client sent: only the entry added by our own nearest proxy can
 * be trusted. `trustedHops` is how many proxies we run in front of the app (PIPELINE_TRUSTED_PROXY_HOPS,
 * default 1: Vercel or one load balancer); the client is the entry that many places from the right.
 * With no proxy header the request came straight in: one bucket for all ("direct"). Pure.
 */
export function loginClientKey(headers: Headers, trustedHops = trustedProxyHops()): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (hops.length > 0 && trustedHops > 0) return hops[Math.max(0, hops.length - trustedHops)]!;
  return headers.get("x-real-ip")?.trim() || "direct";
}

function trustedProxyHops(): number {
  const raw = Number(process.env.PIPELINE_TRUSTED_PROXY_HOPS ?? "1");
  return Number.isInteger(raw) && raw >= 0 ? raw : 1;
}

/**
 * Cross-site request refusal for state-changing requests (onboarding, replay, re-materialise, login):
 * a browser always sends Origin (and Sec-Fetch-Site) on such requests; they must name this site.
 */
export function isCrossSite(method: string, headers: Headers): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite === "cross-site") return true;
  const origin = headers.get("origin");
  if (!origin || origin === "null") return origin === "null";
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

const MAX_URL_CHARS = 2048;

/** An absolute http(s) URL, normalised by the WHATWG parser; anything else (javascript:, data:, relative) is `null`. */
export function normaliseUrl(value: string | null | undefined): string | null {
  if (value == null) return null;
  const text = value.trim();
  if (text === "" || text.length > MAX_URL_CHARS) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password) return null;
  return url.href;
}

/**
 * The operator session: an HttpOnly cookie holding its expiry and an HMAC-SHA256 over it. The HMAC key is
 * derived from SESSION_SECRET and the password, so changing either signs every operator out.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { AuthPolicy } from "./policy";

export const SESSION_COOKIE = "dp_session";
export const SESSION_TTL_MS = 12 * 60 * 60_000;

type PasswordPolicy = Extract<AuthPolicy, { kind: "password" }>;

function key(policy: PasswordPolicy): Buffer {
  const passwordDigest = createHash("sha256").update(policy.password).digest("hex");
  return createHmac("sha256", policy.secret).update(`operator-session:${passwordDigest}`).digest();
}

function mac(policy: PasswordPolicy, payload: string): string {
  return createHmac("sha256", key(policy)).update(payload).digest("base64url");
}

export function signSession(policy: PasswordPolicy, now = Date.now()): { value: string; expires: Date } {
  const expires = now + SESSION_TTL_MS;
  const payload = `v1.${expires}`;
  return { value: `${payload}.${mac(policy, payload)}`, expires: new Date(expires) };
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifySession(policy: PasswordPolicy, value: string | null | undefined, now = Date.now()): boolean {
  if (!value) return false;
  const parts = value.split(".");
  if (parts.length !== 3 || parts[0] !== "v1") return false;
  const expires = Number(parts[1]);
  if (!Number.isSafeInteger(expires) || expires <= now || expires > now + SESSION_TTL_MS) return false;
  return equal(parts[2]!, mac(policy, `v1.${expires}`));
}

/** Compares in constant time (over digests, so lengths leak nothing). */
export function passwordMatches(policy: PasswordPolicy, attempt: string): boolean {
  const a = createHash("sha256").update(attempt).digest();
  const b = createHash("sha256").update(policy.password).digest();
  return timingSafeEqual(a, b);
}

/** Whether a request carrying this cookie may use the dashboard under the policy. */
export function isAuthorized(policy: AuthPolicy, cookieValue: string | null | undefined): boolean {
  if (policy.kind === "open") return true;
  if (policy.kind === "misconfigured") return false;
  return verifySession(policy, cookieValue);
}

export function sessionCookieHeader(value: string, expires: Date, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Expires=${expires.toUTCString()}${secure ? "; Secure" : ""}`;
}

export function clearedSessionCookieHeader(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

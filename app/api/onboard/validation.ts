/**
 * Server-side validation of the onboarding form: zod for the fields, the feed URL guard (DNS + address
 * policy) for URL feeds, the database for slug uniqueness. Every problem is reported against its field in
 * words an operator can act on.
 */
import { z } from "zod";
import type { Db } from "@/lib/db";
import { checkFeedUrl, type FeedUrlCheck } from "@/lib/feeds/fetch";
import { feedFetchOptions } from "@/lib/orchestrator/config";
import type { FieldErrors } from "../_lib/http";
import type { OnboardInput } from "../_lib/orchestrator";

export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
const URL_CHECK_TIMEOUT_MS = 5_000;

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const onboardingSchema = z
  .object({
    name: z
      .string({ error: "Enter the dealer's name" })
      .trim()
      .min(2, "Enter the dealer's name (at least 2 characters)")
      .max(100, "Keep the name under 100 characters"),
    slug: z.preprocess(
      blank,
      z
        .string()
        .trim()
        .toLowerCase()
        .max(60, "Keep the slug under 60 characters")
        .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens (e.g. ammo-depot)")
        .optional(),
    ),
    plan: z.enum(["FOUNDING", "PRO", "STANDARD", "NONE"], "Choose a plan"),
    source: z.enum(["url", "upload"], "Choose a feed URL or a file upload"),
    url: z.preprocess(blank, z.string().trim().max(2_000, "That URL is too long").optional()),
    format: z.enum(["AUTO", "CSV", "JSON", "XML"], "Choose a format, or Auto-detect"),
    pollIntervalMinutes: z.preprocess(
      blank,
      z.coerce
        .number({ error: "Enter the poll interval in minutes" })
        .int("Use whole minutes")
        .min(1, "Poll at most once a minute (1 or more)")
        .max(1_440, "Poll at least once a day (1,440 minutes or fewer)"),
    ),
  });

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}

/** The URL guard's refusal, rephrased for the form: what is wrong and what a feed must be. */
export function describeUrlRefusal(check: Extract<FeedUrlCheck, { ok: false }>): string {
  const reason = check.message.replace(/^refused:\s*/i, "");
  switch (check.code) {
    case "BLOCKED_ADDRESS":
      return `${reason}: feeds must be on the public internet`;
    case "DNS":
      return `${reason}: check the host name`;
    case "BAD_SCHEME":
    case "BAD_URL":
      return reason.charAt(0).toUpperCase() + reason.slice(1);
    case "TIMEOUT":
      return `${reason}: the host name did not resolve in time`;
    default:
      return reason;
  }
}

export type OnboardingResult = { ok: true; input: OnboardInput } | { ok: false; fields: FieldErrors };

function add(fields: FieldErrors, key: string, message: string) {
  (fields[key] ??= []).push(message);
}

/** Validates the submitted form data completely (all problems at once) and builds the orchestrator input. */
export async function validateOnboarding(
  db: Db,
  form: FormData,
  opts: { checkUrl?: typeof checkFeedUrl } = {},
): Promise<OnboardingResult> {
  const text = (key: string) => {
    const v = form.get(key);
    return typeof v === "string" ? v : undefined;
  };
  const parsed = onboardingSchema.safeParse({
    name: text("name"),
    slug: text("slug"),
    plan: text("plan"),
    source: text("source"),
    url: text("url"),
    format: text("format"),
    pollIntervalMinutes: text("pollIntervalMinutes"),
  });
  const fields: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(fields, issue.path.map(String).join(".") || "_", issue.message);
  }
  const values = parsed.success ? parsed.data : null;
  const source = text("source");

  let feed: OnboardInput["feed"] | null = null;
  if (source === "upload") {
    const file = form.get("file");
    if (!(file instanceof File) || (file.name === "" && file.size === 0)) add(fields, "file", "Choose the feed file to upload");
    else if (file.size === 0) add(fields, "file", `${file.name} is empty`);
    else if (file.size > MAX_UPLOAD_BYTES) add(fields, "file", `${file.name} is over the 100 MB limit`);
    else feed = { kind: "upload", fileName: file.name, content: new Uint8Array(await file.arrayBuffer()) };
  } else if (source === "url" && !fields.url) {
    const url = text("url")?.trim() ?? "";
    if (url === "") add(fields, "url", "Enter the feed's URL");
    else {
      // The same address policy the feed fetch will apply (loopback allow-list included).
      const check = await (opts.checkUrl ?? checkFeedUrl)(url, { ...feedFetchOptions(), timeoutMs: URL_CHECK_TIMEOUT_MS });
      if (check.ok) feed = { kind: "url", url: check.url };
      else add(fields, "url", describeUrlRefusal(check));
    }
  }

  const name = text("name")?.trim() ?? "";
  const slug = values?.slug ?? slugify(name);
  if (!fields.name && !fields.slug) {
    if (slug === "") add(fields, values?.slug ? "slug" : "name", "The name needs at least one letter or digit");
    else {
      const [taken] = await db.sql.query<{ name: string }>(`SELECT name FROM "Dealer" WHERE slug = $1`, [slug]);
      if (taken) add(fields, values?.slug ? "slug" : "name", `A dealer with the slug "${slug}" already exists (${taken.name}); choose another ${values?.slug ? "slug" : "name or set a slug"}`);
    }
  }

  if (Object.keys(fields).length > 0 || !values || !feed) return { ok: false, fields };
  return {
    ok: true,
    input: { name: values.name, slug, plan: values.plan, feed, format: values.format, pollIntervalMinutes: values.pollIntervalMinutes },
  };
}

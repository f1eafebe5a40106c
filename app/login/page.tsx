import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { buttonClass } from "@/components/ui/Button";
import { authPolicy, safeNextPath } from "@/lib/auth/policy";

export const metadata: Metadata = { title: "Sign in · Dealer Pipeline" };
export const dynamic = "force-dynamic";

const messages: Record<string, string> = {
  wrong: "That password is not right.",
  blocked: "Too many failed attempts from here. Wait 15 minutes and try again.",
  misconfigured: "Sign-in is not configured on this server.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === "string" ? params.next : null);
  const policy = authPolicy();
  if (policy.kind === "open") redirect(next);
  const error = typeof params.error === "string" ? messages[params.error] : undefined;

  return (
    <main className="grid min-h-screen place-items-center bg-slate-950 px-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-xl">
        <div className="flex items-center gap-2">
          <span className="grid h-8 w-8 place-items-center rounded-md bg-sky-500 text-xs font-bold text-slate-950">DP</span>
          <h1 className="text-lg font-semibold text-slate-900">Dealer Pipeline</h1>
        </div>
        <p className="mt-1 text-sm text-slate-500">Operator sign-in</p>
        {policy.kind === "misconfigured" ? (
          <p role="alert" className="mt-5 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
            The dashboard is locked: {policy.reason}.
          </p>
        ) : (
          <form method="post" action="/api/auth/login" className="mt-5 space-y-4">
            <input type="hidden" name="next" value={next} />
            <label className="block">
              <span className="text-sm font-medium text-slate-700">Password</span>
              <input
                type="password"
                name="password"
                autoComplete="current-password"
                required
                autoFocus
                className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500"
              />
            </label>
            {error && (
              <p role="alert" className="text-sm text-red-700">
                {error}
              </p>
            )}
            <button type="submit" className={`${buttonClass("primary")} w-full`}>
              Sign in
            </button>
          </form>
        )}
      </div>
    </main>
  );
}

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/AppShell";
import { authPolicy } from "@/lib/auth/policy";
import { SESSION_COOKIE, isAuthorized } from "@/lib/auth/session";
import { resolveDbTarget } from "@/lib/db/config";

/** Every dashboard page: the session is checked here too, not only in the proxy. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const policy = authPolicy();
  const session = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!isAuthorized(policy, session)) redirect("/login");
  return (
    <AppShell dbKind={resolveDbTarget().kind} canLogout={policy.kind === "password"}>
      {children}
    </AppShell>
  );
}

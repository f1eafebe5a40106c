"use client";
/**
 * The dashboard frame: a left navigation on desktop that collapses into a top bar with a drawer on a phone.
 */
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { icons } from "./icons";

const nav = [
  { href: "/", label: "Overview", icon: icons.overview },
  { href: "/runs", label: "Runs", icon: icons.runs },
  { href: "/assets", label: "Assets", icon: icons.assets },
  { href: "/dealers", label: "Dealers", icon: icons.dealers },
  { href: "/search", label: "Search", icon: icons.search },
  { href: "/onboard", label: "Onboard", icon: icons.onboard },
] as const;

function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

function Brand() {
  return (
    <Link href="/" className="flex items-center gap-2 px-2 text-white">
      <span className="grid h-7 w-7 place-items-center rounded-md bg-sky-500 text-xs font-bold text-slate-950">DP</span>
      <span className="text-sm font-semibold tracking-tight">Dealer Pipeline</span>
    </Link>
  );
}

function NavLinks({ pathname, onNavigate }: { pathname: string; onNavigate?: () => void }) {
  return (
    <nav aria-label="Main" className="mt-6 space-y-0.5">
      {nav.map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            onClick={onNavigate}
            aria-current={active ? "page" : undefined}
            className={`flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm font-medium transition-colors ${
              active ? "bg-slate-800 text-white" : "text-slate-400 hover:bg-slate-900 hover:text-white"
            }`}
          >
            {item.icon("h-4 w-4 shrink-0")}
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}

function Footer({ dbKind, canLogout }: { dbKind: string; canLogout: boolean }) {
  return (
    <div className="mt-auto space-y-2 border-t border-slate-800 px-2 pt-3 text-xs text-slate-500">
      <div>
        Database: <span className="text-slate-300">{dbKind === "pglite" ? "embedded (PGlite)" : "PostgreSQL"}</span>
      </div>
      {canLogout && (
        <form method="post" action="/api/auth/logout">
          <button type="submit" className="text-slate-400 hover:text-white">
            Sign out
          </button>
        </form>
      )}
    </div>
  );
}

export function AppShell({ children, dbKind, canLogout }: { children: ReactNode; dbKind: string; canLogout: boolean }) {
  const pathname = usePathname() ?? "/";
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [pathname]);

  return (
    <div className="min-h-screen">
      <aside className="fixed inset-y-0 left-0 z-30 hidden w-56 flex-col bg-slate-950 px-3 py-4 md:flex">
        <Brand />
        <NavLinks pathname={pathname} />
        <Footer dbKind={dbKind} canLogout={canLogout} />
      </aside>

      <header className="sticky top-0 z-30 flex h-12 items-center justify-between bg-slate-950 px-3 md:hidden">
        <Brand />
        <button
          type="button"
          aria-label={open ? "Close navigation" : "Open navigation"}
          aria-expanded={open}
          data-testid="nav-toggle"
          onClick={() => setOpen((o) => !o)}
          className="rounded-md p-2 text-slate-300 hover:bg-slate-800 hover:text-white"
        >
          {open ? icons.close("h-5 w-5") : icons.menu("h-5 w-5")}
        </button>
      </header>
      {open && (
        <div className="fixed inset-0 z-20 md:hidden" role="dialog" aria-modal="true">
          <button type="button" aria-label="Close navigation" className="absolute inset-0 bg-slate-950/50" onClick={() => setOpen(false)} />
          <div className="absolute inset-y-0 left-0 mt-12 flex w-64 flex-col bg-slate-950 px-3 pb-4">
            <NavLinks pathname={pathname} onNavigate={() => setOpen(false)} />
            <Footer dbKind={dbKind} canLogout={canLogout} />
          </div>
        </div>
      )}

      <div className="md:pl-56">
        <main className="mx-auto max-w-[1600px] px-3 py-4 sm:px-5 md:px-6 md:py-6">{children}</main>
      </div>
    </div>
  );
}

/** The few line icons the navigation uses (24×24, stroke = currentColor). */
import type { ReactNode } from "react";

function Icon({ children, className = "h-4 w-4" }: { children: ReactNode; className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className={className}>
      {children}
    </svg>
  );
}

export const icons = {
  overview: (c?: string) => (
    <Icon className={c}>
      <path d="M3 13h4v8H3zM10 8h4v13h-4zM17 3h4v18h-4z" />
    </Icon>
  ),
  runs: (c?: string) => (
    <Icon className={c}>
      <path d="M4 6h10M4 12h16M4 18h7" />
      <circle cx="18" cy="6" r="2" />
    </Icon>
  ),
  assets: (c?: string) => (
    <Icon className={c}>
      <rect x="3" y="4" width="6" height="5" rx="1" />
      <rect x="15" y="4" width="6" height="5" rx="1" />
      <rect x="9" y="15" width="6" height="5" rx="1" />
      <path d="M6 9v3h12V9M12 12v3" />
    </Icon>
  ),
  dealers: (c?: string) => (
    <Icon className={c}>
      <path d="M3 9l1.5-5h15L21 9M3 9h18M3 9v11h18V9M9 20v-6h6v6" />
    </Icon>
  ),
  search: (c?: string) => (
    <Icon className={c}>
      <circle cx="11" cy="11" r="6" />
      <path d="M20 20l-4.5-4.5" />
    </Icon>
  ),
  onboard: (c?: string) => (
    <Icon className={c}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 8v8M8 12h8" />
    </Icon>
  ),
  menu: (c?: string) => (
    <Icon className={c}>
      <path d="M4 6h16M4 12h16M4 18h16" />
    </Icon>
  ),
  close: (c?: string) => (
    <Icon className={c}>
      <path d="M6 6l12 12M18 6L6 18" />
    </Icon>
  ),
};

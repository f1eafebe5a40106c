"use client";
import { useEffect, useState } from "react";
import { absoluteTime, relativeTime } from "../format";

/** The current time, refreshed every `everyMs`: relative times keep moving between polls. */
export function useNow(everyMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

export function RelativeTime({ iso, className = "" }: { iso: string | null | undefined; className?: string }) {
  const now = useNow();
  if (!iso) return <span className="text-slate-400">—</span>;
  return (
    <time dateTime={iso} title={absoluteTime(iso)} className={`whitespace-nowrap ${className}`}>
      {relativeTime(iso, now)}
    </time>
  );
}

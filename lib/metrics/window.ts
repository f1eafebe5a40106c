/** The time windows the overview can look back over, with the bucket width of its time series. */
import { z } from "zod";

export const windowKeys = ["1h", "6h", "24h", "7d"] as const;
export type WindowKey = (typeof windowKeys)[number];

export interface TimeWindow {
  key: WindowKey;
  label: string;
  /** A PostgreSQL interval literal. */
  interval: string;
  bucket: string;
  bucketMs: number;
}

export const timeWindows: Record<WindowKey, TimeWindow> = {
  "1h": { key: "1h", label: "1 hour", interval: "1 hour", bucket: "5 minutes", bucketMs: 5 * 60_000 },
  "6h": { key: "6h", label: "6 hours", interval: "6 hours", bucket: "15 minutes", bucketMs: 15 * 60_000 },
  "24h": { key: "24h", label: "24 hours", interval: "24 hours", bucket: "1 hour", bucketMs: 3_600_000 },
  "7d": { key: "7d", label: "7 days", interval: "7 days", bucket: "6 hours", bucketMs: 6 * 3_600_000 },
};

export const defaultWindow: WindowKey = "24h";

export const windowSchema = z.enum(windowKeys).default(defaultWindow);

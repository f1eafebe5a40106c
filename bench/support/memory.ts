/** Peak memory of this process during a window, sampled every 20 ms (V8 heap and RSS, PGlite's WASM included). */
import type { MemoryPeak } from "../types";

const MB = 1024 * 1024;

export interface MemorySampler {
  stop(): MemoryPeak;
}

export function sampleMemory(everyMs = 20): MemorySampler {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > rss) rss = m.rss;
    if (m.heapUsed > heap) heap = m.heapUsed;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rssMb: Math.round(rss / MB), heapMb: Math.round(heap / MB) };
    },
  };
}

/** The process's RSS high-water since it started (kernel maxrss). */
export function processMaxRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS * 1024) / MB);
}

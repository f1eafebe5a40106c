/** Time source for everything the executor schedules, so tests can run time faster. */
export interface Clock {
  now(): number;
  /** Calls `callback` after `delayMs` of this clock's time; returns a cancel function. */
  setTimer(delayMs: number, callback: () => void): () => void;
}

// setTimeout stores its delay in a signed 32-bit int; longer delays fire at once.
const maxTimerMs = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, callback) {
    const handle = setTimeout(callback, Math.min(Math.max(0, delayMs), maxTimerMs));
    return () => clearTimeout(handle);
  },
};

/**
 * A clock running `factor` times faster than real time, starting at `startAt`
 * (default: now). Sleeps, retries, throttle periods and crons all speed up alike.
 */
export function scaledClock(factor: number, startAt = Date.now()): Clock {
  const origin = Date.now();
  return {
    now: () => startAt + (Date.now() - origin) * factor,
    setTimer(delayMs, callback) {
      const handle = setTimeout(callback, Math.min(Math.max(0, delayMs / factor), maxTimerMs));
      return () => clearTimeout(handle);
    },
  };
}

import { FeedFetchError, formatMs } from "./errors";

/**
 * One abort signal for a whole fetch (DNS, every redirect hop, the body): fires with a TIMEOUT
 * FeedFetchError after `timeoutMs`, or with the caller's reason when the caller's signal aborts.
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly detach: () => void;

  constructor(timeoutMs: number, url: string, external?: AbortSignal) {
    this.signal = this.controller.signal;
    this.timer = setTimeout(() => {
      this.controller.abort(new FeedFetchError("TIMEOUT", `timed out after ${formatMs(timeoutMs)} fetching ${url}`));
    }, timeoutMs);
    const onExternal = () => this.controller.abort(external?.reason);
    if (external?.aborted) onExternal();
    external?.addEventListener("abort", onExternal, { once: true });
    this.detach = () => external?.removeEventListener("abort", onExternal);
  }

  /** Throws the abort reason if the deadline has passed or the caller cancelled. */
  throwIfAborted(): void {
    if (this.signal.aborted) throw this.signal.reason;
  }

  /** Runs `work`, rejecting with the abort reason as soon as the signal fires. */
  race<T>(work: Promise<T>): Promise<T> {
    this.throwIfAborted();
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.signal.reason);
      this.signal.addEventListener("abort", onAbort, { once: true });
      work.then(resolve, reject).finally(() => this.signal.removeEventListener("abort", onAbort));
    });
  }

  clear(): void {
    clearTimeout(this.timer);
    this.detach();
  }
}

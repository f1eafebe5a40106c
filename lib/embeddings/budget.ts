/**
 * A continuously refilling budget, the model OpenAI's headers describe: `remaining` now, and `reset` =
 * time until full at `limit` per minute. The level may go below zero when a request turns out to have
 * cost more than was charged; it then simply takes longer to refill. Pure, with an injectable clock.
 */
export class Budget {
  private level: number;
  private last: number;
  private perMs: number;
  private cap: number;
  private charged = 0;

  constructor(
    perMinute: number,
    capacity: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perMs = perMinute / 60_000;
    this.cap = capacity;
    this.level = capacity;
    this.last = now();
  }

  get unlimited(): boolean {
    return !Number.isFinite(this.perMs) || !Number.isFinite(this.cap);
  }

  get capacity(): number {
    return this.cap;
  }

  get perMinute(): number {
    return this.perMs * 60_000;
  }

  /** Sum of everything ever charged; lets callers tell what was sent after a given point. */
  get totalCharged(): number {
    return this.charged;
  }

  available(): number {
    this.refill();
    return this.level;
  }

  /** Milliseconds until `cost` (capped at capacity, or it could never fit) can be charged. */
  waitMs(cost: number): number {
    if (this.unlimited) return 0;
    this.refill();
    const missing = Math.min(cost, this.cap) - this.level;
    return missing <= 0 ? 0 : Math.ceil(missing / this.perMs);
  }

  /** Charges `cost` (capped at capacity) and returns what was charged. */
  take(cost: number): number {
    this.refill();
    const charge = this.unlimited ? cost : Math.min(cost, this.cap);
    this.level -= charge;
    this.charged += charge;
    return charge;
  }

  /** Settles a charge: positive gives back an over-estimate, negative charges an under-estimate. */
  adjust(amount: number): void {
    this.refill();
    this.level = Math.min(this.cap, this.level + amount);
  }

  /** The server says there is at most this much left: never believe in more. */
  lowerTo(level: number): void {
    this.refill();
    this.level = Math.min(this.level, level);
  }

  setRate(perMinute: number): void {
    this.refill();
    this.perMs = perMinute / 60_000;
  }

  setCapacity(capacity: number): void {
    this.refill();
    this.cap = capacity;
    this.level = Math.min(this.level, capacity);
  }

  private refill(): void {
    const t = this.now();
    if (!this.unlimited) this.level = Math.min(this.cap, this.level + (t - this.last) * this.perMs);
    this.last = t;
  }
}

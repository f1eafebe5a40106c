/**
 * A continuously refilling budget, the model OpenAI's headers describe: `remaining` now, and `reset` =
 * time until full at `limit` per minute. Pure, with an injectable clock.
 *
 * What is charged for a request the server has not answered yet is `held`: it may not have reached the
 * server, for which it is then still there, and a full server budget refills no further. Capping
 * `available + held` at capacity keeps us from counting refill that the server throws away.
 * The level may go below zero when a request cost more than was charged; it then takes longer to refill.
 */
export class Budget {
  private level: number;
  private held = 0;
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

  /** Charged for requests the server may not have counted yet. */
  get inFlight(): number {
    return this.held;
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
    // (While requests hold part of the capacity, refill alone may not get there: their settling will.)
    return missing <= 0 ? 0 : Math.ceil(missing / this.perMs);
  }

  /** Charges `cost` (capped at capacity) for a request about to go out; returns what was charged. */
  take(cost: number): number {
    this.refill();
    const charge = this.unlimited ? cost : Math.min(cost, this.cap);
    this.level -= charge;
    this.held += charge;
    this.charged += charge;
    return charge;
  }

  /** The server has answered the request charged `charged`: it is counted there now. */
  release(charged: number): void {
    this.refill();
    this.held = Math.max(0, this.held - charged);
  }

  /** The request charged `charged` really cost `used`: give back, or take, the difference. */
  settle(charged: number, used: number): void {
    this.refill();
    this.level += charged - used;
    this.clamp();
  }

  /** The server said, `agoMs` ago, that this much was left: never believe in more than that plus the refill since. */
  lowerTo(level: number, agoMs = 0): void {
    this.refill();
    if (this.unlimited) return;
    this.level = Math.min(this.level, level + Math.max(0, agoMs) * this.perMs);
  }

  setRate(perMinute: number): void {
    this.refill();
    this.perMs = perMinute / 60_000;
  }

  setCapacity(capacity: number): void {
    this.refill();
    this.cap = capacity;
    this.clamp();
  }

  private clamp(): void {
    if (!this.unlimited) this.level = Math.min(this.level, this.cap - this.held);
  }

  private refill(): void {
    const t = this.now();
    if (!this.unlimited) {
      const ceiling = this.cap - this.held;
      // Refill never lifts the level over the ceiling, nor pulls it down to it.
      if (this.level < ceiling) this.level = Math.min(ceiling, this.level + (t - this.last) * this.perMs);
    }
    this.last = t;
  }
}

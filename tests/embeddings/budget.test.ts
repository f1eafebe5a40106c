import { describe, expect, it } from "vitest";
import { Budget } from "@/lib/embeddings/budget";

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("Budget", () => {
  it("starts full, refills continuously at the per-minute rate, and never exceeds capacity", () => {
    const c = clock();
    const b = new Budget(60_000, 1_000, c.now); // 1 per ms
    expect(b.available()).toBe(1_000);
    expect(b.take(800)).toBe(800);
    b.release(800);
    expect(b.available()).toBe(200);
    c.advance(300);
    expect(b.available()).toBe(500);
    c.advance(10_000);
    expect(b.available()).toBe(1_000);
  });

  it("says exactly how long until a cost fits, capping the cost at capacity", () => {
    const c = clock();
    const b = new Budget(6_000, 100, c.now); // 0.1 per ms
    b.take(100);
    expect(b.waitMs(30)).toBe(300);
    expect(b.waitMs(5_000)).toBe(1_000); // could never fit: waits for a full budget instead
    expect(b.take(5_000)).toBe(100);
  });

  it("settles a charge against the real cost, both ways, and tracks the total charged", () => {
    const c = clock();
    const b = new Budget(60_000, 1_000, c.now);
    b.take(400);
    expect(b.inFlight).toBe(400);
    b.release(400);
    expect(b.inFlight).toBe(0);
    b.settle(400, 250); // it cost 250, not 400
    expect(b.available()).toBe(750);
    b.take(300);
    b.release(300);
    b.settle(300, 1_200); // it cost far more than charged
    expect(b.available()).toBe(-450);
    expect(b.waitMs(50)).toBe(500);
    expect(b.totalCharged).toBe(700);
  });

  it("does not count refill that a full server would throw away while a request is in flight", () => {
    const c = clock();
    const b = new Budget(60_000, 1_000, c.now); // 1 per ms
    b.take(600); // not yet counted by the server, whose budget is still full and not refilling
    c.advance(5_000);
    expect(b.available()).toBe(400); // not 1,000: the server holds 1,000 minus what is about to arrive
    b.release(600);
    expect(b.available()).toBe(400);
    c.advance(100);
    expect(b.available()).toBe(500);
  });

  it("only ever lowers to what the server reports, and shrinks to a learned capacity", () => {
    const c = clock();
    const b = new Budget(60_000, 1_000, c.now);
    b.lowerTo(5_000);
    expect(b.available()).toBe(1_000);
    b.lowerTo(120);
    expect(b.available()).toBe(120);
    b.setCapacity(50);
    expect(b.available()).toBe(50);
    c.advance(1_000);
    expect(b.available()).toBe(50);
  });

  it("is never in the way when unlimited", () => {
    const b = new Budget(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
    b.take(1e12);
    expect(b.waitMs(1e12)).toBe(0);
  });
});

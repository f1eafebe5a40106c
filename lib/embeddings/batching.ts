/** Splitting embedding work into requests. Pure. */

const PIECES = /\p{L}+|\p{N}+|\s{2,}|[^\S ]|[^\s\p{L}\p{N}]/gu;
const ASCII_WORD = /^[A-Za-z]+$/;
const DIGITS = /^[0-9]+$/;
const ASCII = /^[\x00-\x7f]+$/;

/**
 * A deliberately high token count, without a tokenizer. `cl100k_base` cuts product titles finely (`Aguila`
 * is 3 tokens, ` UMC` 2, a space before a number 1 of its own), so `bytes / 3` under-counts them. Here:
 * a token per 3 letters of a word, per 3 digits of a number plus one for the space before it, per
 * punctuation mark or run of whitespace, and per UTF-8 byte of anything non-ASCII. On product texts that is 5–50% above the
 * real count (tests/embeddings/batching.test.ts checks it against the tokenizer). Gibberish can beat it;
 * the throttle settles every estimate with `usage.total_tokens` after the request.
 */
export function estimateTokens(text: string): number {
  let tokens = 1;
  for (const [piece] of text.matchAll(PIECES)) {
    if (ASCII_WORD.test(piece)) tokens += Math.ceil(piece.length / 3);
    else if (DIGITS.test(piece)) tokens += Math.ceil(piece.length / 3) + 1;
    else if (ASCII.test(piece)) tokens += 1;
    else tokens += Buffer.byteLength(piece, "utf8");
  }
  return tokens;
}

export interface Batch<T> {
  items: T[];
  estimatedTokens: number;
}

export interface BatchLimits {
  /** Inputs per request (OpenAI: 2,048). */
  maxInputs: number;
  /** Estimated tokens per request. An item that alone exceeds it travels alone. */
  maxTokens: number;
}

/** Greedy, order-preserving: each request is filled until the next item would break a limit. */
export function planBatches<T extends { text: string }>(items: readonly T[], limits: BatchLimits): Batch<T>[] {
  if (!(limits.maxInputs >= 1) || !(limits.maxTokens >= 1)) {
    throw new Error(`batch limits must be positive: ${JSON.stringify(limits)}`);
  }
  const batches: Batch<T>[] = [];
  let current: Batch<T> = { items: [], estimatedTokens: 0 };
  for (const item of items) {
    const tokens = estimateTokens(item.text);
    const full =
      current.items.length >= limits.maxInputs || current.estimatedTokens + tokens > limits.maxTokens;
    if (current.items.length > 0 && full) {
      batches.push(current);
      current = { items: [], estimatedTokens: 0 };
    }
    current.items.push(item);
    current.estimatedTokens += tokens;
  }
  if (current.items.length > 0) batches.push(current);
  return batches;
}

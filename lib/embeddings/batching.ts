/** Splitting embedding work into requests. Pure. */

/**
 * A deliberately high token count, without a tokenizer. `cl100k_base` cuts product titles finely (`Aguila`
 * is 3 tokens, ` UMC` 2, a space before a number 1 of its own), so `bytes / 3` under-counts them. Here:
 * a token per 3 letters of a word, per 3 digits of a number plus one for the space before it, per
 * punctuation mark or run of whitespace, and per UTF-8 byte of anything non-ASCII. On product texts that
 * is 5–50% above the real count (tests/embeddings/batching.test.ts checks it against the tokenizer).
 * Gibberish can beat it; the throttle settles every estimate with `usage.total_tokens` afterwards.
 */
export function estimateTokens(text: string): number {
  let tokens = 1;
  let run = NONE;
  let runLength = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    const kind =
      (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? LETTERS : c >= 48 && c <= 57 ? DIGITS : c === 32 ? SPACE : NONE;
    if (kind !== run) {
      if (run === LETTERS) tokens += Math.ceil(runLength / 3);
      else if (run === DIGITS) tokens += Math.ceil(runLength / 3) + 1;
      else if (run === SPACE && runLength > 1) tokens += 1;
      run = kind;
      runLength = 0;
    }
    if (kind !== NONE) runLength++;
    else if (c < 0) break;
    else if (c < 128) tokens += 1; // punctuation, tab, newline
    else if (c >= 0xd800 && c <= 0xdbff) {
      tokens += 4; // a surrogate pair: a 4-byte character
      i++;
    } else tokens += c < 0x800 ? 2 : 3;
  }
  return tokens;
}

const NONE = 0;
const LETTERS = 1;
const DIGITS = 2;
const SPACE = 3;

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

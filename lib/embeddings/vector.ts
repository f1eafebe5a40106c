/** Vector maths for embeddings. Pure. */

export function l2Normalize(values: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    sum += v * v;
  }
  const norm = Math.sqrt(sum);
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = norm > 0 ? (values[i] ?? 0) / norm : 0;
  return out;
}

export function l2Norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] ?? 0) ** 2;
  return Math.sqrt(sum);
}

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`vector lengths differ: ${a.length} vs ${b.length}`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  const denom = l2Norm(a) * l2Norm(b);
  return denom > 0 ? dot / denom : 0;
}

/** Little-endian float32 (what OpenAI's `encoding_format: "base64"` carries) to numbers. */
export function decodeBase64Float32(base64: string): number[] {
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length % 4 !== 0) throw new Error(`base64 embedding is ${bytes.length} bytes, not a multiple of 4`);
  const out = new Array<number>(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

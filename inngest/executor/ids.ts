import { randomBytes } from "node:crypto";

let lastMs = 0;
let seq = 0;

/** Unique ids that sort in creation order (queue ties are broken by id). */
export function newId(): string {
  const now = Date.now();
  seq = now === lastMs ? seq + 1 : 0;
  lastMs = now;
  return `${now.toString(36).padStart(9, "0")}${seq.toString(36).padStart(4, "0")}${randomBytes(5).toString("hex")}`;
}

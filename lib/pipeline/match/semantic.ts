/**
 * Pure: which of the run's products get a new semantic hash (their meaning changed) and which need an
 * embedding (their semantic hash differs from the one their embedding was made from).
 */
import { semanticHash, type SemanticFields } from "@/lib/embeddings/text";

/** A newly onboarded dealer's products are embedded ahead of routine updates (higher runs first). */
export const FIRST_RUN_EMBEDDING_PRIORITY = 10;

export interface ProductState extends SemanticFields {
  id: string;
  semanticHash: string;
  lastEmbeddingHash: string | null;
  embeddingPriority: number;
}

export interface SemanticRefresh {
  updates: Array<{ id: string; semanticHash: string; embeddingPriority: number }>;
  /** Products whose embedding is missing or stale, in id order. */
  dueIds: string[];
}

export function planSemanticRefresh(products: readonly ProductState[], firstRun: boolean): SemanticRefresh {
  const updates: SemanticRefresh["updates"] = [];
  const dueIds: string[] = [];
  for (const p of [...products].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const hash = semanticHash(p);
    const due = hash !== p.lastEmbeddingHash;
    const priority = firstRun && due ? Math.max(p.embeddingPriority, FIRST_RUN_EMBEDDING_PRIORITY) : p.embeddingPriority;
    if (hash !== p.semanticHash || priority !== p.embeddingPriority) updates.push({ id: p.id, semanticHash: hash, embeddingPriority: priority });
    if (due) dueIds.push(p.id);
  }
  return { updates, dueIds };
}

/**
 * Semantic product search: the query is embedded with the same provider as the products, and the
 * nearest products (HNSW, cosine) come back with their best current offer.
 */
import type { SqlClient } from "@/lib/db";
import type { EmbeddingProvider } from "./provider";

export interface SearchFilters {
  caliber?: string | null;
  inStock?: boolean | null;
  limit?: number;
}

export interface SearchHit {
  productId: string;
  name: string;
  brand: string | null;
  caliber: string | null;
  grainWeight: number | null;
  bulletType: string | null;
  similarity: number;
  offer: {
    dealerName: string;
    dealerSlug: string;
    title: string;
    price: number;
    pricePerRound: number | null;
    inStock: boolean;
    url: string | null;
  } | null;
}

interface Row {
  productId: string;
  name: string;
  brand: string | null;
  caliber: string | null;
  grainWeight: number | null;
  bulletType: string | null;
  similarity: number;
  dealerName: string | null;
  dealerSlug: string | null;
  title: string | null;
  price: number | null;
  pricePerRound: number | null;
  inStock: boolean | null;
  url: string | null;
}

/** Candidates read from the index before filters: enough that filtered searches still fill a page. */
const candidateFactor = 8;

export async function searchProducts(sql: SqlClient, provider: EmbeddingProvider, query: string, filters: SearchFilters = {}): Promise<SearchHit[]> {
  const limit = Math.min(Math.max(filters.limit ?? 20, 1), 100);
  const { vectors } = await provider.embed([query]);
  const vector = `[${vectors[0]!.join(",")}]`;
  const rows = await sql.query<Row>(
    `WITH nearest AS (
       SELECT p.id, p.name, p.brand, p.caliber, p."grainWeight", p."bulletType", p.embedding <=> $1::vector AS distance
       FROM "Product" p
       WHERE p.embedding IS NOT NULL AND p."embeddingModel" = $2
       ORDER BY p.embedding <=> $1::vector
       LIMIT $3
     )
     SELECT n.id AS "productId", n.name, n.brand, n.caliber, n."grainWeight", n."bulletType",
            1 - n.distance AS similarity,
            o."dealerName", o."dealerSlug", o.title, o.price, o."pricePerRound", o."inStock", o.url
     FROM nearest n
     LEFT JOIN LATERAL (
       SELECT d.name AS "dealerName", d.slug AS "dealerSlug", s.title, s.price, s."pricePerRound", s."inStock", s.url
       FROM "CanonicalSku" c
       JOIN "DealerSku" s ON s."canonicalSkuId" = c.id AND s."isActive"
       JOIN "Dealer" d ON d.id = s."dealerId" AND d.status = 'ACTIVE'
       WHERE c."productId" = n.id
       ORDER BY s."inStock" DESC, s."pricePerRound" ASC NULLS LAST, s.price ASC
       LIMIT 1
     ) o ON true
     WHERE ($4::text IS NULL OR n.caliber = $4)
       AND ($5::boolean IS NULL OR $5 = false OR o."inStock" = true)
     ORDER BY n.distance
     LIMIT $6`,
    [vector, provider.model, limit * candidateFactor, filters.caliber || null, filters.inStock ?? null, limit],
  );
  return rows.map((r) => ({
    productId: r.productId,
    name: r.name,
    brand: r.brand,
    caliber: r.caliber,
    grainWeight: r.grainWeight,
    bulletType: r.bulletType,
    similarity: Number(r.similarity.toFixed(4)),
    offer:
      r.dealerName && r.dealerSlug && r.title && r.price !== null
        ? { dealerName: r.dealerName, dealerSlug: r.dealerSlug, title: r.title, price: r.price, pricePerRound: r.pricePerRound, inStock: r.inStock ?? false, url: r.url }
        : null,
  }));
}

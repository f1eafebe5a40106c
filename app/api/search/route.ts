import { z } from "zod";
import { getDb } from "@/lib/db";
import { getEmbeddingProvider } from "@/lib/embeddings/provider";
import { searchProducts } from "@/lib/embeddings/search";
import { api } from "../_lib/http";

export const dynamic = "force-dynamic";

const params = z.object({
  q: z.string().trim().min(1, "q is required").max(200, "q is at most 200 characters"),
  caliber: z.string().trim().max(40).optional(),
  inStock: z.enum(["true", "false", "1", "0"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** GET /api/search?q=…&caliber=…&inStock=…&limit=… (session checked here too, like every dashboard API). */
export const GET = api(async (request) => {
  const parsed = params.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) {
    return Response.json({ error: "invalid query", issues: z.flattenError(parsed.error).fieldErrors }, { status: 400 });
  }
  const { q, caliber, inStock, limit } = parsed.data;
  const db = await getDb();
  const provider = getEmbeddingProvider();
  const results = await searchProducts(db.sql, provider, q, {
    caliber: caliber || null,
    inStock: inStock === undefined ? null : inStock === "true" || inStock === "1",
    limit,
  });
  return Response.json({ query: q, model: provider.model, results });
});

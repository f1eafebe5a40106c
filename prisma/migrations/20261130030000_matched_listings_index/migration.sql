-- The (canonicalSkuId, isActive, inStock) index holds matched listings only: every read through it asks for
-- a canonical SKU, and a new listing (a first ingest writes thousands) costs no entry until it is matched.
-- DropIndex
DROP INDEX "DealerSku_canonicalSkuId_isActive_inStock_idx";

-- CreateIndex
CREATE INDEX "DealerSku_canonicalSkuId_isActive_inStock_idx" ON "DealerSku"("canonicalSkuId", "isActive", "inStock") WHERE ("canonicalSkuId" IS NOT NULL);

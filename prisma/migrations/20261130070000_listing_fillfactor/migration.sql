-- Listings are rewritten in place: by every re-poll that changes them, by their SKU match, by deactivation. With
-- pages kept half empty the new version of a row fits on its own page, and while no indexed column changes the
-- UPDATE is HOT: no new index entries, and the old version is pruned on a later visit of the page, without VACUUM.
-- The price: the table takes about twice the pages. Applies to pages written from now on.
ALTER TABLE "DealerSku" SET (fillfactor = 50);

-- The matched-listings index keeps only the canonical SKU: a stock flip (inStock) or a deactivation (isActive)
-- then changes no indexed column. Its readers filter those two on the rows they fetch anyway.
-- DropIndex
DROP INDEX "DealerSku_canonicalSkuId_isActive_inStock_idx";

-- CreateIndex
CREATE INDEX "DealerSku_canonicalSkuId_idx" ON "DealerSku"("canonicalSkuId") WHERE ("canonicalSkuId" IS NOT NULL);

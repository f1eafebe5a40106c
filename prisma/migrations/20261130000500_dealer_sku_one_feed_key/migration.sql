-- A listing's two parent keys become one composite foreign key to Feed(id, dealerId): one
-- referential check per written listing instead of two, and a listing's dealer is its feed's.
-- DropForeignKey
ALTER TABLE "DealerSku" DROP CONSTRAINT "DealerSku_dealerId_fkey";

-- DropForeignKey
ALTER TABLE "DealerSku" DROP CONSTRAINT "DealerSku_feedId_fkey";

-- DropIndex: the unique (dealerId, identityKey) index serves every per-dealer read.
DROP INDEX "DealerSku_dealerId_isActive_idx";

-- CreateIndex
CREATE UNIQUE INDEX "Feed_id_dealerId_key" ON "Feed"("id", "dealerId");

-- AddForeignKey
ALTER TABLE "DealerSku" ADD CONSTRAINT "DealerSku_feedId_dealerId_fkey" FOREIGN KEY ("feedId", "dealerId") REFERENCES "Feed"("id", "dealerId") ON DELETE CASCADE ON UPDATE CASCADE;

-- A run's fetched feed is written once and read once: stored out of line without compression
-- (pglz costs more than the bytes it saves here). Not expressible in schema.prisma; no drift.
ALTER TABLE "IngestSnapshot" ALTER COLUMN "content" SET STORAGE EXTERNAL;

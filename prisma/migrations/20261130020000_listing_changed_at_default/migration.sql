-- A new listing's lastChangedAt is its creation time: a default, so a dealer's first ingest can COPY
-- its listings straight into DealerSku and leave the column out.
-- AlterTable
ALTER TABLE "DealerSku" ALTER COLUMN "lastChangedAt" SET DEFAULT CURRENT_TIMESTAMP;

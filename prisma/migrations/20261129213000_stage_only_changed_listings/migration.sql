-- DropIndex
DROP INDEX "DealerSku_dealerId_contentHash_idx";

-- DropIndex
DROP INDEX "IngestStagedRecord_runId_identityKey_idx";

-- CreateTable
CREATE TABLE "IngestVanishedListing" (
    "runId" UUID NOT NULL,
    "identityKey" TEXT NOT NULL,

    CONSTRAINT "IngestVanishedListing_pkey" PRIMARY KEY ("runId","identityKey")
);

-- CreateTable
CREATE TABLE "RunTouchedCanonical" (
    "runId" UUID NOT NULL,
    "canonicalSkuId" UUID NOT NULL,

    CONSTRAINT "RunTouchedCanonical_pkey" PRIMARY KEY ("runId","canonicalSkuId")
);

-- CreateTable
CREATE TABLE "IngestSnapshot" (
    "runId" UUID NOT NULL,
    "dealerId" UUID NOT NULL,
    "feedId" UUID NOT NULL,
    "uploadId" UUID,
    "content" BYTEA,
    "sha256" VARCHAR(64) NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "progress" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IngestSnapshot_pkey" PRIMARY KEY ("runId")
);

-- CreateTable
CREATE TABLE "IngestStagedRecord" (
    "runId" UUID NOT NULL,
    "rowNumber" INTEGER NOT NULL,
    "identityKey" TEXT NOT NULL,
    "contentHash" VARCHAR(32) NOT NULL,
    "sku" TEXT,
    "upc" TEXT,
    "title" TEXT NOT NULL,
    "brand" TEXT,
    "caliber" TEXT,
    "grainWeight" INTEGER,
    "roundCount" INTEGER,
    "bulletType" TEXT,
    "caseType" TEXT,
    "price" DECIMAL(12,2) NOT NULL,
    "pricePerRound" DECIMAL(12,4),
    "inStock" BOOLEAN NOT NULL,
    "url" TEXT,

    CONSTRAINT "IngestStagedRecord_pkey" PRIMARY KEY ("runId","rowNumber")
);

-- AddForeignKey
ALTER TABLE "RunTouchedCanonical" ADD CONSTRAINT "RunTouchedCanonical_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunTouchedCanonical" ADD CONSTRAINT "RunTouchedCanonical_canonicalSkuId_fkey" FOREIGN KEY ("canonicalSkuId") REFERENCES "CanonicalSku"("id") ON DELETE CASCADE ON UPDATE CASCADE;

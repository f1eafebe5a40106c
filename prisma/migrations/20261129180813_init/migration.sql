CREATE EXTENSION IF NOT EXISTS vector;

-- CreateEnum
CREATE TYPE "Plan" AS ENUM ('FOUNDING', 'PRO', 'STANDARD', 'NONE');

-- CreateEnum
CREATE TYPE "DealerStatus" AS ENUM ('ACTIVE', 'SUSPENDED');

-- CreateEnum
CREATE TYPE "FeedSource" AS ENUM ('URL', 'UPLOAD');

-- CreateEnum
CREATE TYPE "FeedFormat" AS ENUM ('AUTO', 'CSV', 'JSON', 'XML');

-- CreateEnum
CREATE TYPE "FeedStatus" AS ENUM ('PENDING', 'OK', 'FAILED', 'DISABLED');

-- CreateEnum
CREATE TYPE "ChangeType" AS ENUM ('CREATED', 'PRICE_CHANGE', 'STOCK_CHANGE', 'ATTRIBUTE_CHANGE');

-- CreateEnum
CREATE TYPE "MatchConfidence" AS ENUM ('HIGH', 'MEDIUM', 'LOW');

-- CreateEnum
CREATE TYPE "BenchmarkConfidence" AS ENUM ('HIGH', 'MEDIUM', 'NONE');

-- CreateEnum
CREATE TYPE "InsightType" AS ENUM ('OVERPRICED', 'UNDERPRICED', 'STOCK_OPPORTUNITY', 'ATTRIBUTE_GAP');

-- CreateEnum
CREATE TYPE "InsightSeverity" AS ENUM ('HIGH', 'MEDIUM', 'LOW');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RunTrigger" AS ENUM ('SCHEDULE', 'MANUAL', 'ONBOARDING', 'REPLAY', 'BACKFILL', 'CLI');

-- CreateEnum
CREATE TYPE "AssetKey" AS ENUM ('FEED_INGEST', 'SKU_MATCH', 'BENCHMARK', 'INSIGHT', 'EMBEDDINGS');

-- CreateEnum
CREATE TYPE "MaterializationStatus" AS ENUM ('SUCCEEDED', 'SKIPPED', 'FAILED');

-- CreateTable
CREATE TABLE "Dealer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "plan" "Plan" NOT NULL DEFAULT 'NONE',
    "status" "DealerStatus" NOT NULL DEFAULT 'ACTIVE',
    "firstRunAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dealer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Feed" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "dealerId" UUID NOT NULL,
    "source" "FeedSource" NOT NULL,
    "url" TEXT,
    "fileName" TEXT,
    "format" "FeedFormat" NOT NULL DEFAULT 'AUTO',
    "family" TEXT,
    "pollIntervalMinutes" INTEGER NOT NULL DEFAULT 5,
    "lastFeedHash" VARCHAR(64),
    "lastPolledAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "lastByteSize" INTEGER,
    "status" "FeedStatus" NOT NULL DEFAULT 'PENDING',
    "lastError" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Feed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedUpload" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "feedId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedUpload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DealerSku" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "dealerId" UUID NOT NULL,
    "feedId" UUID NOT NULL,
    "identityKey" TEXT NOT NULL,
    "contentHash" VARCHAR(32) NOT NULL,
    "lastChangeType" "ChangeType",
    "lastChangedAt" TIMESTAMP(3),
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
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deactivatedAt" TIMESTAMP(3),
    "canonicalSkuId" UUID,
    "matchConfidence" "MatchConfidence",
    "needsReview" BOOLEAN NOT NULL DEFAULT false,
    "matchedHash" VARCHAR(32),
    "matchedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DealerSku_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuarantinedRecord" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "dealerId" UUID NOT NULL,
    "feedId" UUID NOT NULL,
    "runId" UUID,
    "rowNumber" INTEGER NOT NULL,
    "raw" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuarantinedRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Product" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "productKey" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "brand" TEXT,
    "caliber" TEXT,
    "grainWeight" INTEGER,
    "bulletType" TEXT,
    "caseType" TEXT,
    "description" TEXT,
    "purpose" TEXT,
    "category" TEXT,
    "semanticHash" VARCHAR(64) NOT NULL,
    "lastEmbeddingHash" VARCHAR(64),
    "embeddingModel" TEXT,
    "embeddingUpdatedAt" TIMESTAMP(3),
    "embeddingPriority" INTEGER NOT NULL DEFAULT 0,
    "embeddingAttempts" INTEGER NOT NULL DEFAULT 0,
    "embeddingError" TEXT,
    "embedding" vector(512),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CanonicalSku" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "productId" UUID NOT NULL,
    "attrKey" TEXT NOT NULL,
    "upc" TEXT,
    "name" TEXT NOT NULL,
    "caliber" TEXT NOT NULL,
    "brand" TEXT NOT NULL,
    "grainWeight" INTEGER NOT NULL,
    "roundCount" INTEGER NOT NULL,
    "bulletType" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CanonicalSku_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Benchmark" (
    "canonicalSkuId" UUID NOT NULL,
    "minPpr" DECIMAL(12,4),
    "medianPpr" DECIMAL(12,4),
    "maxPpr" DECIMAL(12,4),
    "meanPpr" DECIMAL(12,4),
    "sellerCount" INTEGER NOT NULL,
    "dataPoints" INTEGER NOT NULL,
    "outliersDropped" INTEGER NOT NULL DEFAULT 0,
    "confidence" "BenchmarkConfidence" NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "runId" UUID,

    CONSTRAINT "Benchmark_pkey" PRIMARY KEY ("canonicalSkuId")
);

-- CreateTable
CREATE TABLE "Insight" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "dealerId" UUID NOT NULL,
    "dealerSkuId" UUID,
    "canonicalSkuId" UUID,
    "type" "InsightType" NOT NULL,
    "severity" "InsightSeverity" NOT NULL,
    "dealerPrice" DECIMAL(12,2),
    "dealerPpr" DECIMAL(12,4),
    "marketMedian" DECIMAL(12,4),
    "marketMin" DECIMAL(12,4),
    "marketMax" DECIMAL(12,4),
    "sellerCount" INTEGER,
    "deltaPct" DECIMAL(8,2),
    "message" TEXT NOT NULL,
    "runId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Insight_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "dealerId" UUID NOT NULL,
    "feedId" UUID,
    "trigger" "RunTrigger" NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "plan" "Plan" NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "replayOfId" UUID,
    "skuCount" INTEGER,
    "tier" TEXT,
    "skipped" BOOLEAN NOT NULL DEFAULT false,
    "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "queueWaitMs" INTEGER,
    "currentStage" "AssetKey",
    "error" TEXT,
    "errorStack" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssetMaterialization" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "runId" UUID,
    "asset" "AssetKey" NOT NULL,
    "partition" TEXT NOT NULL,
    "status" "MaterializationStatus" NOT NULL,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "quarantined" INTEGER NOT NULL DEFAULT 0,
    "deactivated" INTEGER NOT NULL DEFAULT 0,
    "queuedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "queueWaitMs" INTEGER,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,

    CONSTRAINT "AssetMaterialization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunStep" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "runId" UUID NOT NULL,
    "functionId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "RunStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExecutorRun" (
    "id" TEXT NOT NULL,
    "functionId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    "events" JSONB NOT NULL,
    "steps" JSONB NOT NULL DEFAULT '{}',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "priorityAt" TIMESTAMP(3) NOT NULL,
    "availableAt" TIMESTAMP(3) NOT NULL,
    "concurrencyKeys" JSONB NOT NULL DEFAULT '[]',
    "idempotencyKey" TEXT,
    "enqueuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "result" JSONB,
    "error" JSONB,
    "state" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "ExecutorRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Dealer_slug_key" ON "Dealer"("slug");

-- CreateIndex
CREATE INDEX "Feed_dealerId_idx" ON "Feed"("dealerId");

-- CreateIndex
CREATE INDEX "Feed_active_lastPolledAt_idx" ON "Feed"("active", "lastPolledAt");

-- CreateIndex
CREATE INDEX "FeedUpload_feedId_createdAt_idx" ON "FeedUpload"("feedId", "createdAt");

-- CreateIndex
CREATE INDEX "DealerSku_dealerId_contentHash_idx" ON "DealerSku"("dealerId", "contentHash");

-- CreateIndex
CREATE INDEX "DealerSku_canonicalSkuId_isActive_inStock_idx" ON "DealerSku"("canonicalSkuId", "isActive", "inStock");

-- CreateIndex
CREATE INDEX "DealerSku_dealerId_isActive_idx" ON "DealerSku"("dealerId", "isActive");

-- CreateIndex
CREATE UNIQUE INDEX "DealerSku_dealerId_identityKey_key" ON "DealerSku"("dealerId", "identityKey");

-- CreateIndex
CREATE INDEX "QuarantinedRecord_dealerId_createdAt_idx" ON "QuarantinedRecord"("dealerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "QuarantinedRecord_feedId_rowNumber_key" ON "QuarantinedRecord"("feedId", "rowNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Product_productKey_key" ON "Product"("productKey");

-- CreateIndex
CREATE INDEX "Product_semanticHash_lastEmbeddingHash_idx" ON "Product"("semanticHash", "lastEmbeddingHash");

-- CreateIndex
CREATE INDEX "Product_embedding_hnsw_idx" ON "Product" USING hnsw ("embedding" vector_cosine_ops);

-- CreateIndex
CREATE UNIQUE INDEX "CanonicalSku_attrKey_key" ON "CanonicalSku"("attrKey");

-- CreateIndex
CREATE UNIQUE INDEX "CanonicalSku_upc_key" ON "CanonicalSku"("upc");

-- CreateIndex
CREATE INDEX "CanonicalSku_caliber_brand_grainWeight_roundCount_idx" ON "CanonicalSku"("caliber", "brand", "grainWeight", "roundCount");

-- CreateIndex
CREATE INDEX "Benchmark_confidence_idx" ON "Benchmark"("confidence");

-- CreateIndex
CREATE INDEX "Insight_dealerId_type_idx" ON "Insight"("dealerId", "type");

-- CreateIndex
CREATE INDEX "Run_dealerId_queuedAt_idx" ON "Run"("dealerId", "queuedAt");

-- CreateIndex
CREATE INDEX "Run_status_queuedAt_idx" ON "Run"("status", "queuedAt");

-- CreateIndex
CREATE INDEX "Run_finishedAt_idx" ON "Run"("finishedAt");

-- CreateIndex
CREATE INDEX "AssetMaterialization_asset_partition_finishedAt_idx" ON "AssetMaterialization"("asset", "partition", "finishedAt");

-- CreateIndex
CREATE INDEX "AssetMaterialization_finishedAt_idx" ON "AssetMaterialization"("finishedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AssetMaterialization_runId_asset_key" ON "AssetMaterialization"("runId", "asset");

-- CreateIndex
CREATE INDEX "RunStep_runId_startedAt_idx" ON "RunStep"("runId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RunStep_runId_functionId_stepId_attempt_key" ON "RunStep"("runId", "functionId", "stepId", "attempt");

-- CreateIndex
CREATE INDEX "ExecutorRun_status_availableAt_idx" ON "ExecutorRun"("status", "availableAt");

-- CreateIndex
CREATE INDEX "ExecutorRun_functionId_status_idx" ON "ExecutorRun"("functionId", "status");

-- CreateIndex
CREATE INDEX "ExecutorRun_functionId_idempotencyKey_idx" ON "ExecutorRun"("functionId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "Feed" ADD CONSTRAINT "Feed_dealerId_fkey" FOREIGN KEY ("dealerId") REFERENCES "Dealer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedUpload" ADD CONSTRAINT "FeedUpload_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "Feed"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealerSku" ADD CONSTRAINT "DealerSku_dealerId_fkey" FOREIGN KEY ("dealerId") REFERENCES "Dealer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealerSku" ADD CONSTRAINT "DealerSku_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "Feed"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealerSku" ADD CONSTRAINT "DealerSku_canonicalSkuId_fkey" FOREIGN KEY ("canonicalSkuId") REFERENCES "CanonicalSku"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuarantinedRecord" ADD CONSTRAINT "QuarantinedRecord_dealerId_fkey" FOREIGN KEY ("dealerId") REFERENCES "Dealer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuarantinedRecord" ADD CONSTRAINT "QuarantinedRecord_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "Feed"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CanonicalSku" ADD CONSTRAINT "CanonicalSku_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Benchmark" ADD CONSTRAINT "Benchmark_canonicalSkuId_fkey" FOREIGN KEY ("canonicalSkuId") REFERENCES "CanonicalSku"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Insight" ADD CONSTRAINT "Insight_dealerId_fkey" FOREIGN KEY ("dealerId") REFERENCES "Dealer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Insight" ADD CONSTRAINT "Insight_dealerSkuId_fkey" FOREIGN KEY ("dealerSkuId") REFERENCES "DealerSku"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Insight" ADD CONSTRAINT "Insight_canonicalSkuId_fkey" FOREIGN KEY ("canonicalSkuId") REFERENCES "CanonicalSku"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_dealerId_fkey" FOREIGN KEY ("dealerId") REFERENCES "Dealer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "Feed"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssetMaterialization" ADD CONSTRAINT "AssetMaterialization_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunStep" ADD CONSTRAINT "RunStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

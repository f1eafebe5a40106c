/*
  Warnings:

  - You are about to drop the column `attempt` on the `ExecutorRun` table. All the data in the column will be lost.
  - You are about to drop the column `availableAt` on the `ExecutorRun` table. All the data in the column will be lost.
  - You are about to drop the column `concurrencyKeys` on the `ExecutorRun` table. All the data in the column will be lost.
  - You are about to drop the column `enqueuedAt` on the `ExecutorRun` table. All the data in the column will be lost.
  - You are about to drop the column `error` on the `ExecutorRun` table. All the data in the column will be lost.
  - You are about to drop the column `event` on the `ExecutorRun` table. All the data in the column will be lost.
  - You are about to drop the column `events` on the `ExecutorRun` table. All the data in the column will be lost.
  - You are about to drop the column `finishedAt` on the `ExecutorRun` table. All the data in the column will be lost.
  - You are about to drop the column `idempotencyKey` on the `ExecutorRun` table. All the data in the column will be lost.
  - You are about to drop the column `maxAttempts` on the `ExecutorRun` table. All the data in the column will be lost.
  - You are about to drop the column `priorityAt` on the `ExecutorRun` table. All the data in the column will be lost.
  - You are about to drop the column `result` on the `ExecutorRun` table. All the data in the column will be lost.
  - You are about to drop the column `startedAt` on the `ExecutorRun` table. All the data in the column will be lost.
  - Added the required column `memo` to the `ExecutorRun` table without a default value. This is not possible if the table is not empty.
  - Added the required column `stack` to the `ExecutorRun` table without a default value. This is not possible if the table is not empty.

*/
-- DropIndex
DROP INDEX "ExecutorRun_functionId_idempotencyKey_idx";

-- DropIndex
DROP INDEX "ExecutorRun_status_availableAt_idx";

-- AlterTable
ALTER TABLE "ExecutorRun" DROP COLUMN "attempt",
DROP COLUMN "availableAt",
DROP COLUMN "concurrencyKeys",
DROP COLUMN "enqueuedAt",
DROP COLUMN "error",
DROP COLUMN "event",
DROP COLUMN "events",
DROP COLUMN "finishedAt",
DROP COLUMN "idempotencyKey",
DROP COLUMN "maxAttempts",
DROP COLUMN "priorityAt",
DROP COLUMN "result",
DROP COLUMN "startedAt",
ADD COLUMN     "finishedSeq" BIGINT,
ADD COLUMN     "memo" JSONB NOT NULL,
ADD COLUMN     "seq" BIGSERIAL NOT NULL,
ADD COLUMN     "stack" JSONB NOT NULL,
ALTER COLUMN "steps" DROP DEFAULT,
ALTER COLUMN "state" DROP DEFAULT;

-- CreateTable
CREATE TABLE "ExecutorItem" (
    "id" TEXT NOT NULL,
    "runId" TEXT,
    "functionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "availableAt" DOUBLE PRECISION NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "payload" JSONB NOT NULL,

    CONSTRAINT "ExecutorItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExecutorWaiter" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "condition" TEXT,
    "seq" BIGSERIAL NOT NULL,

    CONSTRAINT "ExecutorWaiter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExecutorKey" (
    "key" TEXT NOT NULL,
    "value" JSONB,
    "expiresAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ExecutorKey_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ExecutorItem_availableAt_idx" ON "ExecutorItem"("availableAt");

-- CreateIndex
CREATE INDEX "ExecutorItem_runId_idx" ON "ExecutorItem"("runId");

-- CreateIndex
CREATE INDEX "ExecutorWaiter_eventName_idx" ON "ExecutorWaiter"("eventName");

-- CreateIndex
CREATE INDEX "ExecutorKey_expiresAt_idx" ON "ExecutorKey"("expiresAt");

-- CreateIndex
CREATE INDEX "ExecutorRun_finishedSeq_idx" ON "ExecutorRun"("finishedSeq");

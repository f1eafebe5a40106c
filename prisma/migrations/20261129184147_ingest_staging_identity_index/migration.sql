-- CreateIndex
CREATE INDEX "IngestStagedRecord_runId_identityKey_idx" ON "IngestStagedRecord"("runId", "identityKey");

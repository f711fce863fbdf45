-- CreateTable
CREATE TABLE "ProbeRun" (
    "id" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "features" JSONB NOT NULL,
    "serverVersion" TEXT,
    "appVersion" TEXT NOT NULL,
    "declared" JSONB,
    "declaredSource" TEXT,
    "activeKey" TEXT,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "error" TEXT,
    "createdById" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ProbeRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProbeResult" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "ttftMs" INTEGER,
    "evidence" JSONB NOT NULL,
    "declared" BOOLEAN,
    "disagreement" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProbeResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProbeSchedule" (
    "providerId" TEXT NOT NULL,
    "intervalMinutes" INTEGER NOT NULL,
    "model" TEXT,
    "features" JSONB,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "nextRunAt" TIMESTAMP(3) NOT NULL,
    "claimedBy" TEXT,
    "claimedAt" TIMESTAMP(3),
    "lastRunId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProbeSchedule_pkey" PRIMARY KEY ("providerId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProbeRun_activeKey_key" ON "ProbeRun"("activeKey");

-- CreateIndex
CREATE INDEX "ProbeRun_providerId_model_startedAt_idx" ON "ProbeRun"("providerId", "model", "startedAt");

-- CreateIndex
CREATE INDEX "ProbeRun_status_heartbeatAt_idx" ON "ProbeRun"("status", "heartbeatAt");

-- CreateIndex
CREATE INDEX "ProbeResult_providerId_model_feature_createdAt_idx" ON "ProbeResult"("providerId", "model", "feature", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProbeResult_runId_feature_key" ON "ProbeResult"("runId", "feature");

-- CreateIndex
CREATE INDEX "ProbeSchedule_enabled_nextRunAt_idx" ON "ProbeSchedule"("enabled", "nextRunAt");

-- AddForeignKey
ALTER TABLE "ProbeRun" ADD CONSTRAINT "ProbeRun_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProbeResult" ADD CONSTRAINT "ProbeResult_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ProbeRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProbeSchedule" ADD CONSTRAINT "ProbeSchedule_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "RequestLog" ADD COLUMN "endpoint" TEXT;
ALTER TABLE "RequestLog" ADD COLUMN "features" JSONB;
ALTER TABLE "RequestLog" ADD COLUMN "keyId" TEXT;

-- CreateTable
CREATE TABLE "Route" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "targets" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "GatewayKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "routes" JSONB,
    "allowDirect" BOOLEAN NOT NULL DEFAULT false,
    "rpm" INTEGER,
    "expiresAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "GatewayRateCount" (
    "keyId" TEXT NOT NULL,
    "minute" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("keyId", "minute")
);

-- CreateIndex
CREATE UNIQUE INDEX "Route_name_environment_key" ON "Route"("name", "environment");

-- CreateIndex
CREATE UNIQUE INDEX "GatewayKey_hash_key" ON "GatewayKey"("hash");

-- CreateIndex
CREATE INDEX "RequestLog_source_createdAt_idx" ON "RequestLog"("source", "createdAt");

-- CreateIndex
CREATE INDEX "RequestLog_keyId_createdAt_idx" ON "RequestLog"("keyId", "createdAt");

-- CreateIndex
CREATE INDEX "RequestLog_route_createdAt_idx" ON "RequestLog"("route", "createdAt");

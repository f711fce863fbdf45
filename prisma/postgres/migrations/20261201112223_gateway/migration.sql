-- AlterTable
ALTER TABLE "RequestLog" ADD COLUMN     "endpoint" TEXT,
ADD COLUMN     "features" JSONB,
ADD COLUMN     "keyId" TEXT;

-- CreateTable
CREATE TABLE "Route" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "targets" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Route_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GatewayKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "routes" JSONB,
    "allowDirect" BOOLEAN NOT NULL DEFAULT false,
    "rpm" INTEGER,
    "expiresAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "GatewayKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GatewayRateCount" (
    "keyId" TEXT NOT NULL,
    "minute" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "GatewayRateCount_pkey" PRIMARY KEY ("keyId","minute")
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

-- CreateTable
CREATE TABLE "GatewayResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "keyId" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "GatewayResponse_createdAt_idx" ON "GatewayResponse"("createdAt");

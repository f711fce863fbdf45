-- CreateTable
CREATE TABLE "GatewayResponse" (
    "id" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GatewayResponse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "GatewayResponse_createdAt_idx" ON "GatewayResponse"("createdAt");

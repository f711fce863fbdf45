-- AlterTable
ALTER TABLE "RequestLog" ADD COLUMN "degradationCount" INTEGER;
ALTER TABLE "RequestLog" ADD COLUMN "errorClass" TEXT;
ALTER TABLE "RequestLog" ADD COLUMN "fallbacks" INTEGER;

-- CreateIndex
CREATE INDEX "RequestLog_providerUsedId_createdAt_idx" ON "RequestLog"("providerUsedId", "createdAt");

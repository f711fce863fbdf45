-- AlterTable
ALTER TABLE "RequestLog" ADD COLUMN     "degradationCount" INTEGER,
ADD COLUMN     "errorClass" TEXT,
ADD COLUMN     "fallbacks" INTEGER;

-- CreateIndex
CREATE INDEX "RequestLog_providerUsedId_createdAt_idx" ON "RequestLog"("providerUsedId", "createdAt");

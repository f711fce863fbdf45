-- CreateTable
CREATE TABLE "PlaygroundSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "sharedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RequestLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "userId" TEXT,
    "sessionId" TEXT,
    "route" TEXT,
    "environment" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "providerTriedId" TEXT,
    "providerUsedId" TEXT,
    "status" TEXT NOT NULL,
    "httpStatus" INTEGER,
    "latencyMs" INTEGER NOT NULL,
    "ttftMs" INTEGER,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "degradations" JSONB NOT NULL,
    "fallbackPath" JSONB NOT NULL,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "PlaygroundSession_userId_updatedAt_idx" ON "PlaygroundSession"("userId", "updatedAt");

-- CreateIndex
CREATE INDEX "RequestLog_createdAt_idx" ON "RequestLog"("createdAt");

-- CreateIndex
CREATE INDEX "RequestLog_sessionId_createdAt_idx" ON "RequestLog"("sessionId", "createdAt");

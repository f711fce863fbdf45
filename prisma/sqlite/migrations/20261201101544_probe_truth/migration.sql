-- AlterTable
ALTER TABLE "ProviderModel" ADD COLUMN "known" JSONB;

-- AlterTable
ALTER TABLE "ProbeRun" ADD COLUMN "blocker" JSONB;
ALTER TABLE "ProbeRun" ADD COLUMN "capacity" INTEGER;

-- AlterTable
ALTER TABLE "ProbeResult" ADD COLUMN "flags" JSONB;
ALTER TABLE "ProbeResult" ADD COLUMN "warnings" JSONB;

-- AlterTable
ALTER TABLE "ProviderModel" ADD COLUMN     "known" JSONB;

-- AlterTable
ALTER TABLE "ProbeRun" ADD COLUMN     "blocker" JSONB,
ADD COLUMN     "capacity" INTEGER;

-- AlterTable
ALTER TABLE "ProbeResult" ADD COLUMN     "flags" JSONB,
ADD COLUMN     "warnings" JSONB;

-- AlterTable
ALTER TABLE "Feed" ADD COLUMN     "lastRecordCount" INTEGER;

-- The HTTP validators (ETag, Last-Modified) of the response a feed was last ingested from, with its URL: the next
-- poll of the same URL is a conditional GET, and a 304 is a skip without a body to download and hash.
-- AlterTable
ALTER TABLE "Feed" ADD COLUMN "lastValidators" JSONB;

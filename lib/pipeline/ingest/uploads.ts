/** The FeedUpload table: uploaded feed files, hashed once when stored. */
import { createHash } from "node:crypto";
import { bytesParam, type SqlClient } from "@/lib/db";

export interface UploadRef {
  id: string;
  sha256: string;
  byteSize: number;
}

/**
 * Stores an uploaded file as the feed's newest upload, unless the newest one already has these
 * exact bytes. Returns the upload that now holds them.
 */
export async function storeUpload(
  sql: SqlClient,
  upload: { feedId: string; fileName: string; content: Uint8Array },
): Promise<UploadRef & { stored: boolean }> {
  const sha256 = createHash("sha256").update(upload.content).digest("hex");
  const rows = await sql.query<{ id: string; stored: boolean }>(
    `WITH newest AS (
       SELECT id, sha256 FROM "FeedUpload" WHERE "feedId" = $1 ORDER BY "createdAt" DESC, id DESC LIMIT 1
     ), added AS (
       INSERT INTO "FeedUpload" ("feedId", "fileName", content, "byteSize", sha256)
       SELECT $1::uuid, $2::text, decode($3::text, 'base64'), $4::int, $5::text WHERE NOT EXISTS (SELECT 1 FROM newest WHERE sha256 = $5::text)
       RETURNING id
     )
     SELECT COALESCE((SELECT id FROM added), (SELECT id FROM newest)) AS id, EXISTS (SELECT 1 FROM added) AS stored`,
    [upload.feedId, upload.fileName, bytesParam(upload.content), upload.content.byteLength, sha256],
  );
  const row = rows[0]!;
  return { id: row.id, sha256, byteSize: upload.content.byteLength, stored: row.stored };
}

/** The upload a run of the feed ingests: its newest. The hash was taken when it was stored. */
export async function newestUpload(sql: SqlClient, feedId: string): Promise<UploadRef | null> {
  const rows = await sql.query<UploadRef>(
    `SELECT id, sha256, "byteSize" FROM "FeedUpload" WHERE "feedId" = $1 ORDER BY "createdAt" DESC, id DESC LIMIT 1`,
    [feedId],
  );
  return rows[0] ?? null;
}

import { inngest } from "@/inngest/client";
import { getDb } from "@/lib/db";
import { vacuumEmbedded } from "@/lib/db/maintenance";
import { maintenanceCron } from "@/lib/orchestrator/config";

/** Every ten minutes: reclaims the embedded database's dead rows (PostgreSQL's autovacuum does this itself). */
export const maintenance = inngest.createFunction(
  { id: "maintenance", name: "Database maintenance", triggers: [{ cron: maintenanceCron }], concurrency: [{ limit: 1 }], retries: 1 },
  async ({ step }) => step.run("vacuum", async () => vacuumEmbedded(await getDb())),
);

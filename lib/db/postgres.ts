import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFromStdin } from "pg-copy-streams";
import { copyCsvOf, copyStatement, type CopySource } from "./copy";
import { numberParsers, type SqlClient, type SqlParam } from "./sql";

const TEXT_OID = 25;
const CHAR_OID = 18;
const NAME_OID = 19;

/**
 * Prisma's pg adapter cannot deserialise the catalog types "char" and name (prisma/orm#27403),
 * which the migration engine reads: this client reports such columns as text.
 */
class CatalogFriendlyClient extends pg.Client {
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      return result.then((value: pg.QueryResult) => {
        for (const field of value?.fields ?? []) {
          if (field.dataTypeID === CHAR_OID || field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
        }
        return value;
      }) as never;
    }
    return result as never;
  }
}

/**
 * The URL parsed; a malformed one is refused without echoing it: Node's own "Invalid URL" error carries the
 * whole input (password included) and would be printed wherever the error is logged.
 */
function parseDatabaseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new Error(
      "the database URL (DATABASE_URL / DIRECT_URL) is not a valid URL: check its host and port, and percent-encode special characters in the user name and password",
    );
  }
}

/** Pool config from a URL as discrete fields, so a shadow database override (`{ ...config, database }`) works. */
export function poolConfigFromUrl(url: string, max = Number(process.env.DATABASE_POOL_MAX ?? 10)): pg.PoolConfig {
  const u = parseDatabaseUrl(url);
  const ssl = u.searchParams.get("sslmode");
  return {
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
    ssl: ssl && ssl !== "disable" ? { rejectUnauthorized: ssl === "verify-full" } : undefined,
    max,
    Client: CatalogFriendlyClient,
  };
}

const sqlTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    const parser = numberParsers[oid];
    if (parser && format !== "binary") return parser;
    return pg.types.getTypeParser(oid, format as "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};

function clientSql(client: pg.PoolClient): SqlClient {
  const self: SqlClient = {
    async query<T>(text: string, params: readonly SqlParam[] = []) {
      const result = await client.query({ text, values: params as unknown[], types: sqlTypes });
      return result.rows as T[];
    },
    async exec(script: string) {
      await client.query(script);
    },
    async copyFrom(source: CopySource) {
      await clientCopyFrom(client, source);
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      return fn(self);
    },
  };
  return self;
}

export function poolSql(pool: pg.Pool): SqlClient {
  return {
    async query<T>(text: string, params: readonly SqlParam[] = []) {
      const result = await pool.query({ text, values: params as unknown[], types: sqlTypes });
      return result.rows as T[];
    },
    async exec(script: string) {
      await pool.query(script);
    },
    async copyFrom(source: CopySource) {
      const client = await pool.connect();
      try {
        await clientCopyFrom(client, source);
      } finally {
        client.release();
      }
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(clientSql(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/** COPY … FROM STDIN on one connection (pg-copy-streams). */
async function clientCopyFrom(client: pg.PoolClient, source: CopySource): Promise<void> {
  const { table, columns } = source;
  const csv = copyCsvOf(source);
  if (csv === "") return;
  await pipeline(Readable.from([csv]), client.query(copyFromStdin(copyStatement(table, columns, "STDIN"))));
}

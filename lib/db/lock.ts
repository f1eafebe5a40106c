import fs from "node:fs";
import path from "node:path";

/**
 * PGlite lets one process at a time open a data directory. This lock makes a second process fail
 * at once with a message naming the holder, instead of corrupting the directory.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), argv: process.argv.slice(1, 3) }), { flag: "wx" });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(lockPath);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new Error(
          `the embedded database ${dataDir} is open in another process (pid ${holder.pid}: ${holder.argv.join(" ")}). ` +
            `Stop it, or point this command at another directory with PIPELINE_DATA_DIR.`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

function readHolder(lockPath: string): { pid: number; argv: string[] } | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as { pid: number; argv: string[] };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

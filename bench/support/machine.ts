/** The machine the numbers come from. */
import os from "node:os";
import type { MachineInfo } from "../types";
import { loadAverage } from "./progress";

export function machineInfo(loadAtStart: number): MachineInfo {
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memTotalGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAtStart,
    loadAtEnd: loadAverage(),
  };
}

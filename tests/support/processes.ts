import { readFileSync } from "node:fs";

// Linux reports process times in clock ticks; USER_HZ is 100 on every mainstream architecture.
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name, which may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident memory of a process in megabytes, from the kernel's own accounting. */
export function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  return kb / 1024;
}

/**
 * CPU time the app, Soketi and this process spend from now on, divided by the messages accepted:
 * where a machine's cores go when the app is pushed hard. The servers' process ids are asked for at
 * each reading: a server killed and started again (the load test restarts Soketi) counts with what
 * its earlier process had used by its last reading.
 */
export function cpuMeter(appPid: () => number | null, soketiPid: () => number | null) {
  const seen = { app: new Map<number, number>(), soketi: new Map<number, number>() };
  const started = new Map<number, number>();
  const server = (key: keyof typeof seen, pid: number | null) => {
    if (pid !== null) {
      try {
        seen[key].set(pid, cpuSeconds(pid));
      } catch {
        // Gone since: its last reading stands.
      }
    }
    let total = 0;
    for (const [id, seconds] of seen[key]) total += seconds - (started.get(id) ?? 0);
    return seen[key].size === 0 ? NaN : total;
  };
  const read = () => {
    const own = process.cpuUsage();
    return { app: server("app", appPid()), soketi: server("soketi", soketiPid()), bench: (own.user + own.system) / 1e6 };
  };
  const before = read();
  for (const key of ["app", "soketi"] as const) for (const [id, seconds] of seen[key]) started.set(id, seconds);
  return {
    /** Takes a reading now: call it just before killing a server, so that its share is not lost. */
    sample: () => void read(),
    perMessage(messages: number) {
      const after = read();
      const per = (key: keyof typeof before) => ((after[key] - (key === "bench" ? before[key] : 0)) * 1000) / messages;
      return { app: per("app"), soketi: per("soketi"), bench: per("bench") };
    },
  };
}

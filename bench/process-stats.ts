// CPU time and memory of the processes that serve a request, read from /proc (Linux): the services and the
// gateway this run started, and the servers of `make infra-up`, found by the pid files scripts/infra writes.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** A process to measure; with `descendants`, its child processes count too (PostgreSQL's backends). */
export interface Watched {
  name: string;
  pid: number;
  descendants: boolean;
}

// Clock ticks per second of utime/stime; 100 on every Linux we run, but ask.
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  ppid: number;
  /** utime + stime of the process itself, seconds. */
  own: number;
  /** cutime + cstime: children it has waited for, so a PostgreSQL backend that exited still counts. */
  reaped: number;
}

const readStat = (pid: number): Stat | undefined => {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the fields after its last ')' are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const field = (n: number) => Number(fields[n - 3]);
    return { ppid: field(4), own: (field(14) + field(15)) / TICKS, reaped: (field(16) + field(17)) / TICKS };
  } catch {
    return undefined; // exited meanwhile
  }
};

const allStats = (): Map<number, Stat> => {
  const stats = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) stats.set(Number(entry), stat);
  }
  return stats;
};

/** CPU seconds each watched process (with its descendants when asked) has used so far, by name. */
export const cpuSeconds = (watched: Watched[]): Record<string, number> => {
  const stats = allStats();
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  const total = (pid: number, descendants: boolean): number => {
    const stat = stats.get(pid);
    if (!stat) return 0;
    if (!descendants) return stat.own;
    return stat.own + stat.reaped + (children.get(pid) ?? []).reduce((sum, child) => sum + total(child, true), 0);
  };
  const result: Record<string, number> = {};
  for (const { name, pid, descendants } of watched) result[name] = (result[name] ?? 0) + total(pid, descendants);
  return result;
};

/** Busy and total CPU time of the whole machine (all cores) from /proc/stat, seconds. */
export const machineCpu = (): { busy: number; total: number } => {
  const values = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, v) => sum + v, 0) / TICKS;
  // idle and iowait are fields 4 and 5 of the cpu line.
  const idle = ((values[3] ?? 0) + (values[4] ?? 0)) / TICKS;
  return { busy: total - idle, total };
};

export const CORES = cpus().length;

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

/** The child of this process that runs `entry` (e.g. service.order/dist/main.js); children only, so `make dev`'s copies never match. */
export const childRunning = (entry: string): number | undefined => {
  for (const [pid, stat] of allStats()) if (stat.ppid === process.pid && cmdline(pid).includes(entry)) return pid;
  return undefined;
};

// Pid files of scripts/infra (RUN_DIR=.run); PostgreSQL writes its own, with the pid on the first line.
const INFRA_PID_FILES: Array<{ name: string; file: string; descendants: boolean }> = [
  { name: 'postgres', file: '.run/pg/postmaster.pid', descendants: true },
  { name: 'redis', file: '.run/redis.pid', descendants: false },
  { name: 'mongo-wire (ferretdb)', file: '.run/mongo.pid', descendants: false },
  { name: 'rocketmq namesrv', file: '.run/rocketmq-namesrv.pid', descendants: false },
  { name: 'rocketmq proxy+broker', file: '.run/rocketmq-proxy.pid', descendants: false },
  { name: 'jaeger', file: '.run/jaeger.pid', descendants: false },
];

/** The infrastructure servers that are running, from their pid files. */
export const infraProcesses = (): Watched[] =>
  INFRA_PID_FILES.flatMap(({ name, file, descendants }) => {
    try {
      const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
      return readStat(pid) ? [{ name, pid, descendants }] : [];
    } catch {
      return [];
    }
  });

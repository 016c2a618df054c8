/**
 * CPU budgets for benchmarks on a small machine: a process's share of one core (a cgroup CPU quota),
 * and PostgreSQL kept on cores of its own (CPU affinity of the postmaster and every backend it
 * has forked or will fork). Together they stand in for "each worker on a core of its own, PostgreSQL
 * on another": on two cores, two workers pinned to one core at 40 % each never wait for each other or
 * for PostgreSQL, so whether a second worker adds throughput says what the software does, not how
 * busy the machine was. Linux only, and root (cgroup v1's cpu controller or cgroup v2 with cpu enabled).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const V1 = '/sys/fs/cgroup/cpu';
const V2 = '/sys/fs/cgroup';
const PERIOD_US = 100_000;

/** A cgroup with a CPU quota: the processes added share `percent` % of one core. */
export class CpuQuota {
  private constructor(
    private readonly dir: string,
    private readonly procs: string,
  ) {}

  /** Fails, naming what is missing, where cgroups cannot be written (not root, not Linux, read-only). */
  static create(name: string, percent: number): CpuQuota {
    if (!(percent > 0 && percent <= 100)) throw new Error(`CPU budget: ${percent} is not a share of one core (0 < percent ≤ 100)`);
    const quota = Math.round((PERIOD_US * percent) / 100);
    try {
      if (fs.existsSync(path.join(V1, 'cpu.cfs_quota_us'))) {
        const dir = path.join(V1, name);
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
        fs.writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), String(quota));
        return new CpuQuota(dir, path.join(dir, 'cgroup.procs'));
      }
      if (fs.readFileSync(path.join(V2, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('cpu')) {
        const dir = path.join(V2, name);
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, 'cpu.max'), `${quota} ${PERIOD_US}`);
        return new CpuQuota(dir, path.join(dir, 'cgroup.procs'));
      }
    } catch (err) {
      throw new Error(`CPU budget: cannot make cgroup ${name} (${(err as Error).message}); run as root on Linux with the cpu controller writable`, {
        cause: err,
      });
    }
    throw new Error(`CPU budget: no cgroup cpu controller found (${V1} or ${V2}/cgroup.controllers)`);
  }

  add(pid: number): void {
    fs.writeFileSync(this.procs, String(pid));
  }

  /** Removes the cgroup (its processes must have exited: a cgroup with members cannot be removed). */
  remove(): void {
    try {
      fs.rmdirSync(this.dir);
    } catch {
      // a process still exiting: the empty cgroup is left behind, harmless
    }
  }
}

const taskset = (args: string[]) => {
  const r = spawnSync('taskset', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`taskset ${args.join(' ')}: ${r.stderr.trim() || `exit ${r.status}`}`);
  return r.stdout;
};

/** The parent of a process (a backend's parent is the postmaster). */
function parentPid(pid: number): number {
  return Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
}

function childrenOf(parent: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return parentPid(pid) === parent;
      } catch {
        return false; // gone meanwhile
      }
    });
}

/**
 * Moves the PostgreSQL server that `backendPid` belongs to onto `cores` (a taskset list, "1" or
 * "1-3"): the postmaster, so the backends it forks from now on start there, and every process it has
 * forked. Returns how to put them back as they were.
 */
export function pinPostgres(backendPid: number, cores: string): () => void {
  const postmaster = parentPid(backendPid);
  const before = /:\s*([0-9a-f]+)\s*$/i.exec(taskset(['-p', String(postmaster)]))?.[1];
  if (!before) throw new Error(`pinPostgres: cannot read the affinity of postmaster ${postmaster}`);
  const apply = (mask: string[], pids: number[]) => {
    for (const pid of pids) {
      try {
        taskset([...mask, String(pid)]);
      } catch {
        // a backend that exited meanwhile
      }
    }
  };
  apply(['-a', '-p', '-c', cores], [postmaster, ...childrenOf(postmaster)]);
  return () => apply(['-a', '-p', before], [postmaster, ...childrenOf(postmaster)]);
}

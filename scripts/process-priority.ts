// CPU priority of the deployed processes (issue 15 §1; docs/scaling.md, "CPU priority"). Deadlines are legal
// obligations, intake is best-effort: when the API saturates the machine, the timer worker must still get the CPU
// its rungs need. The API processes run at a lower priority (nice API_NICE; the cluster's processes inherit it), the
// worker at the default. Lowering a priority needs no privilege, so this works for any user. `npm run demo`
// (scripts/demo.mjs) and the benches (bench/support/deployed.ts) start the API through `niced`; Docker gives the
// containers CPU weights instead (docker/compose.yml, `cpu_shares`), since nice only orders processes within a cgroup.

/** Niceness of the API processes: CFS weight 110 against the worker's 1024 (nice 0), i.e. ~10:1 under contention. */
export const API_NICE = Number(process.env.API_NICE ?? 10);

/** The command line that runs `command args` at niceness `nice` (through `nice`, which execs it: same pid). */
export function niced(nice: number, command: string, args: readonly string[]): { command: string; args: string[] } {
  if (!nice || process.platform === 'win32') return { command, args: [...args] };
  return { command: 'nice', args: ['-n', String(nice), command, ...args] };
}

import * as os from 'node:os';

/** The line a benchmark opens with: what it runs on, and how busy the machine is. */
export function machineLine(): string {
  const load = os
    .loadavg()
    .map((average) => average.toFixed(1))
    .join(' ');
  return `Node.js ${process.version}, ${os.cpus().length} processors, load average ${load} (a busy machine slows every figure).`;
}

import { readFileSync } from 'node:fs';

/** Whether a process of this machine still runs: it exists (signal 0 is allowed or refused) and is no zombie. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // Linux: a killed process whose parent has not collected it yet is a zombie (state Z), as good as gone.
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

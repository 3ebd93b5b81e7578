/**
 * Runs a command as a child process and measures its wall time and peak resident set size: with
 * `/usr/bin/time -v` when present, else by polling /proc/<pid>/status (VmHWM). Pins it to CPU 0 with
 * `taskset -c 0` when asked and available.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const TIME = '/usr/bin/time';
const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find((p) => existsSync(p));

/** Whether runs can be pinned to one core. */
export const CAN_PIN = TASKSET !== undefined;

/** How peak RSS is measured on this machine. */
export const RSS_METHOD = existsSync(TIME) ? '/usr/bin/time -v' : 'polling /proc/<pid>/status VmHWM';

/**
 * Runs `command args` from `cwd`; resolves `{ seconds, stdout, stderr, peakRssKiB }`, rejects when it
 * exits non-zero. `pin` restricts it to CPU 0.
 */
export function runMeasured(command, args, { cwd, pin = false } = {}) {
  const inner = pin && TASKSET !== undefined ? [TASKSET, '-c', '0', command, ...args] : [command, ...args];
  const useTime = existsSync(TIME);
  const argv = useTime ? [TIME, '-v', ...inner] : inner;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const poller = useTime ? undefined : pollHwm(child.pid);
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const polled = poller?.stop();
      if (code !== 0) {
        reject(new Error(`${inner.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`));
        return;
      }
      const peakRssKiB = useTime ? timeMaxRss(stderr) : polled;
      resolve({ seconds, stdout, stderr, peakRssKiB });
    });
  });
}

function timeMaxRss(stderr) {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return match === null ? Number.NaN : Number(match[1]);
}

/** Polls VmHWM of a process (the high-water mark survives between polls, so sparse polling is fine). */
function pollHwm(pid) {
  let peak = Number.NaN;
  const read = () => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match !== null) peak = Number(match[1]);
    } catch {
      // The process has exited; keep the last reading.
    }
  };
  const timer = setInterval(read, 20);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

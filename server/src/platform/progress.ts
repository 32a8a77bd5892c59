import { performance } from 'node:perf_hooks';

export type LogLine = (text: string) => void;

export interface SeedOutput {
  /** Receives whole lines ending in "\n", and on a terminal also "\r"-rewritten progress bars. */
  log: LogLine;
  /** Draw a progress bar that rewrites itself; otherwise print a line now and then. */
  tty: boolean;
}

export interface Progress {
  advance(by: number): void;
  finish(summary?: string): void;
}

const BAR_WIDTH = 28;
const REDRAW_MS = 80;
/** Off a terminal (logs, CI), one line per fifth of the work. */
const LINE_STEPS = 5;

/** A progress report for `total` items of work, as a bar on a terminal or as periodic lines otherwise. */
export function startProgress(out: SeedOutput, label: string, total: number): Progress {
  let done = 0;
  let lastDraw = 0;
  let lastStep = 0;
  const started = performance.now();
  const fmt = (n: number) => n.toLocaleString('en-US');
  const percent = () => (total === 0 ? 100 : Math.floor((done / total) * 100));

  const draw = () => {
    const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
    out.log(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(percent()).padStart(3)}% ${fmt(done)}/${fmt(total)}`);
  };

  return {
    advance(by) {
      done = Math.min(total, done + by);
      if (out.tty) {
        const now = performance.now();
        if (now - lastDraw >= REDRAW_MS || done === total) {
          lastDraw = now;
          draw();
        }
        return;
      }
      const step = total === 0 ? LINE_STEPS : Math.floor((done / total) * LINE_STEPS);
      if (step > lastStep && done < total) {
        lastStep = step;
        out.log(`${label}: ${fmt(done)}/${fmt(total)} (${percent()}%)\n`);
      }
    },
    finish(summary) {
      done = total;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (out.tty) {
        draw();
        out.log(` ${seconds}s\n`);
      }
      out.log(`${label}: done in ${seconds}s${summary ? ` — ${summary}` : ''}\n`);
    },
  };
}

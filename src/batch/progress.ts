// The progress of a batch on a terminal: one line, redrawn in place (editions done, what is being
// built, time so far and the time left). Elsewhere (a pipe, CI) one plain line per edition.
import type { BatchProgress } from './index.ts';

const WIDTH = 24;

/** Progress as an updating bar on a terminal, or as lines (when `lines` is set) in a pipe. */
export function progressReporter(stream: NodeJS.WriteStream, lines: boolean): { update(p: BatchProgress): void; end(): void } {
  if (!stream.isTTY) {
    let shown = 0;
    return {
      update(p) {
        if (!lines || !p.last || p.done === shown) return;
        shown = p.done;
        const last = p.last;
        const what = 'text' in last ? `failed: ${last.text.split('\n')[0]}` : `${last.upToDate ? 'up to date' : `built in ${seconds(last.ms)}`} (charts: ${last.charts.misses} rendered, ${last.charts.hits} cached)`;
        stream.write(`  [${p.done}/${p.total}] ${last.variant}: ${what}\n`);
      },
      end() {},
    };
  }
  let drawn = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - drawn < 100 && p.done < p.total) return;
      drawn = now;
      const filled = Math.round((WIDTH * p.done) / p.total);
      const elapsed = now - p.startedAt;
      const eta = p.done ? (elapsed / p.done) * (p.total - p.done) : undefined;
      const failed = p.failed ? `, ${p.failed} failed` : '';
      const building = p.building.length ? ` · building ${p.building.join(', ')}` : '';
      const line = `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${p.done}/${p.total} editions${failed} · ${clock(elapsed)}${eta === undefined ? '' : `, ${clock(eta)} left`}${building}`;
      stream.write(`\r${line.slice(0, (stream.columns || 100) - 1)}\x1b[K`);
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

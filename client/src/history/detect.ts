// Does a document hold a Jepsen history? Used to open `.log`, `.edn` and `.txt` files as `jepsen-history`
// only when their content says so: every .log is not a Jepsen log, and every .edn is not a history (deps.edn).

import { readLogLine } from '../../../server/src/core/simulation/log-line';

/** Lines looked at: a history shows its first operations early; a large file is not read whole for this. */
const SAMPLE_LINES = 400;
/** Operation lines needed (an invocation and its completion, at least). */
const NEEDED = 2;

/** Jepsen operations in the first lines: log lines (`… jepsen.util - 3 :invoke :read nil`) or EDN op maps. */
export function looksLikeJepsenHistory(text: string): boolean {
  let ops = 0;
  let start = 0;
  for (let n = 0; n < SAMPLE_LINES && start < text.length; n++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, Math.min(end, start + 4096));
    start = end + 1;
    if (readLogLine(line).kind === 'op' || isEdnOp(line)) ops++;
    if (ops >= NEEDED) return true;
  }
  return false;
}

/** `{:type :invoke, … :process 0 …}` (possibly after `[`, `(` or a record tag), with :f. */
function isEdnOp(line: string): boolean {
  const t = line
    .trimStart()
    .replace(/^[[(]\s*/, '')
    .replace(/^#[\w.]+/, '');
  return t.startsWith('{') && /:type\s+:(invoke|ok|fail|info)\b/.test(t) && /:process\s/.test(t) && /:f\s/.test(t);
}

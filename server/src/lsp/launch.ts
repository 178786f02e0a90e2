// How the language server's Node process is started, shared by the extension and the benchmark so the
// figures measured are the ones users get. A keystroke allocates a few megabytes (the edited entries' parse,
// the design assembled again, the published message); a young generation capped at 4 MB collects that
// garbage young and keeps the heap near what the analysis retains. Measured on the hard 1,000-datastore
// design (keystroke median / p95, RSS): default flags 37 / 53 ms, 151 MB; `--optimize-for-size` 43 / 83 ms,
// 101 MB, but 190 / 360 ms at 5,000 datastores, where its smaller heaps collect the retained analysis again
// and again; `--max-semi-space-size=4` 41 / 63 ms, 133 MB (95 / 161 ms at 5,000).

export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4'];

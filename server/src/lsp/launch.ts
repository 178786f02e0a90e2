// How the language server's Node process is started, shared by the extension and the benchmark so the
// figures measured are the ones users get. `--optimize-for-size` keeps the heap near what the analysis retains
// instead of letting it grow with garbage. Measured on the hard 1,000-datastore design on a quiet machine
// (keystroke median / p95, RSS): `--optimize-for-size` 45 / 77 ms, 93 MB; a 4 MB young generation
// (`--max-semi-space-size=4`) 33 / 46 ms, but 126–186 MB; at 5,000 datastores 113 / 192 ms (171 MB) against
// 61 / 87 ms (333 MB). Memory is the target users notice beside an editor, so size wins.

export const SERVER_EXEC_ARGV: readonly string[] = ['--optimize-for-size'];

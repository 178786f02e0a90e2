// How the language server's Node process is started, shared by the extension and the benchmark so the
// figures measured are the ones users get. `--optimize-for-size` trades little speed (incremental checks
// allocate little) for a heap that stays near what the analysis retains instead of growing with garbage.

export const SERVER_EXEC_ARGV: readonly string[] = ['--optimize-for-size'];

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Nest drains gracefully on these signals (enableShutdownHooks). If the drain hangs — a
 * dependency that went away first, say — the process still ends after `graceMs`.
 */
export function exitIfShutdownHangs(graceMs: number): void {
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(`Shutdown did not finish within ${graceMs / 1000} s; exiting.\n`);
        process.exit(1);
      }, graceMs).unref();
    });
  }
}

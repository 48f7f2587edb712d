// Preloaded into a cold process by bench/cli-cold.ts (`node -r`): prints the process's own CPU time
// (user + system, all threads) on exit, so figures stay comparable on a machine shared with other work.
process.on('exit', () => {
  const u = process.cpuUsage();
  process.stderr.write(`\nhairpin-bench-cpu-ms=${((u.user + u.system) / 1000).toFixed(1)}\n`);
});

// Preloaded into the CLI process by bench/trainFull/run.mjs: at exit, one line with the process's own CPU time
// (user + system, all threads) and peak memory, which other load on the machine does not inflate.
process.on('exit', () => {
  const cpu = process.cpuUsage();
  process.stderr.write(`\nGRADLAB_BENCH_CPU ${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
});

// Loaded into the action process with `node --import` by the benchmark (never by the action itself):
// on exit it writes the process's resource usage, whose CPU times cover the whole run.
import { writeFileSync } from 'node:fs'

process.on('exit', () => {
  if (process.env.BENCH_USAGE_FILE) writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify(process.resourceUsage()))
})

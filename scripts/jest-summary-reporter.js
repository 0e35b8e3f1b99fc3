import { writeSync } from 'node:fs'

/**
 * Ends every jest run with one plain line, `Tests: N passed, N failed, N skipped`, so any CI can read
 * the counts without knowing jest's own layout. It is written as the process exits, after jest's own
 * closing lines, so it really is the last line.
 */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results
    const line = `Tests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`
    process.once('exit', () => writeSync(1, line))
  }
}

/**
 * Ends every jest run with one plain line, `Tests: N passed, N failed, N skipped`, so any CI can read
 * the counts without knowing jest's own layout.
 */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results
    process.stdout.write(`\nTests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`)
  }
}

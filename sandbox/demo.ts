import { BUNDLE, getScenario, runAction, startSandbox } from './index.ts'
import { scenarioNames } from './scenarios/index.ts'
import { existsSync } from 'node:fs'

/**
 * `npm run demo [-- --scenario NAME]`: runs the committed bundle against the sandbox and prints the
 * report and the outputs. Exits 0 when the action reached the verdict the scenario expects.
 */

function argument(name: string): string | undefined {
  const args = process.argv.slice(2)
  const at = args.indexOf(`--${name}`)
  if (at >= 0) return args[at + 1]
  return args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
}

if (process.argv.includes('--help') || process.argv.includes('--list')) {
  console.log(`Usage: npm run demo -- --scenario NAME\n\nScenarios:`)
  for (const name of scenarioNames()) console.log(`  ${name.padEnd(22)} ${getScenario(name).description}`)
  process.exit(0)
}

const name = argument('scenario') ?? 'healthy'
const scenario = getScenario(name)
if (!existsSync(BUNDLE)) {
  console.error(`dist/index.js is missing. It is committed; if you deleted it, run \`npm run bundle\`.`)
  process.exit(1)
}

console.log(`▶ Scenario "${name}": ${scenario.description}\n`)
const sandbox = await startSandbox(scenario)
try {
  // A scenario about cancellation is shown the way it happens on a runner: the job gets SIGINT.
  const result = await runAction(sandbox, scenario.expect.result === 'cancelled' ? { interruptAfterMs: 1500 } : {})
  console.log('──────── job summary (the same Markdown goes to the PR comment) ────────\n')
  console.log(result.summary)
  console.log('──────── outputs ────────')
  for (const [key, value] of Object.entries(result.outputs)) {
    if (key !== 'report') console.log(`${key.padEnd(18)} ${value}`)
  }
  const comment = sandbox.github.comments.at(-1)
  console.log(`\nFake GitHub: ${sandbox.github.calls.length} calls; ${sandbox.github.comments.length} comment(s); statuses: ${sandbox.github.statuses.map((s) => `${s.context}=${s.state}`).join(', ')}`)
  if (comment) console.log(`Comment ${comment.id} starts with: ${comment.body.split('\n')[0]}`)
  console.log(`Fake Railway: ${sandbox.railway.requests.length} requests; action took ${result.durationMs} ms, exit code ${result.exitCode}.`)
  const expected = scenario.expect.result
  if (result.outputs.result !== expected) {
    console.error(`\n✗ Expected result=${expected}, got result=${result.outputs.result}.\n${result.stderr}`)
    process.exitCode = 1
  } else {
    console.log(`\n✓ The action concluded result=${expected}, as the scenario expects.`)
  }
} finally {
  await sandbox.stop()
}

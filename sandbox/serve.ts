import { renameSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { HEAD_SHA, getScenario, sandboxInputs, startSandbox } from './index.ts'
import { TLS_DIR } from './sample-app.ts'
import { scenarioNames } from './scenarios/index.ts'

/**
 * `node sandbox/serve.ts --scenario healthy [--out FILE] [--lifetime 15m]`: starts one scenario's world
 * (fake Railway, fake GitHub, sample apps) and keeps it up so that something else can run against it —
 * the e2e workflow's `uses: ./` step, or the preflight CLI by hand. It prints, and writes to --out as
 * KEY=VALUE lines (the $GITHUB_ENV format), what that run needs: SANDBOX_<INPUT> for each input
 * (SANDBOX_RAILWAY_TOKEN, SANDBOX_API_URL, SANDBOX_SERVICE...), SANDBOX_COMMIT_SHA and
 * NODE_EXTRA_CA_CERTS. The file appears in one piece (written aside, then renamed) once everything
 * listens, so a waiter can poll for it. It stops on SIGINT/SIGTERM, or by itself after --lifetime:
 * a forgotten background sandbox does not outlive its job.
 */

function argument(name: string): string | undefined {
  const args = process.argv.slice(2)
  const at = args.indexOf(`--${name}`)
  if (at >= 0) return args[at + 1]
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
}

function lifetimeMs(text: string): number {
  const m = /^(\d+)(s|m)?$/.exec(text)
  if (!m) throw new Error(`--lifetime "${text}" is not a duration: write e.g. 90s or 15m.`)
  const ms = Number(m[1]) * (m[2] === 'm' ? 60_000 : 1_000)
  if (ms <= 0 || ms > 60 * 60_000) throw new Error(`--lifetime ${text} is out of range: use between 1s and 60m.`)
  return ms
}

if (process.argv.includes('--help')) {
  console.log(`Usage: node sandbox/serve.ts --scenario NAME [--out FILE] [--lifetime 15m]\n\nScenarios: ${scenarioNames().join(', ')}`)
  process.exit(0)
}

const scenario = getScenario(argument('scenario') ?? 'healthy')
const lifetime = lifetimeMs(argument('lifetime') ?? '15m')
const out = argument('out')

const sandbox = await startSandbox(scenario)
const inputs = { ...sandboxInputs(sandbox), 'commit-sha': HEAD_SHA }
const lines = [
  ...Object.entries(inputs).map(([name, value]) => `SANDBOX_${name.toUpperCase().replace(/-/g, '_')}=${value}`),
  `SANDBOX_GITHUB_API_URL=${sandbox.github.url}`,
  `NODE_EXTRA_CA_CERTS=${fileURLToPath(new URL('ca.pem', TLS_DIR))}`
]
if (out) {
  writeFileSync(`${out}.partial`, lines.join('\n') + '\n')
  renameSync(`${out}.partial`, out)
}
console.log(`Sandbox "${scenario.name}" is up for at most ${Math.round(lifetime / 1000)}s (stop it with Ctrl-C or SIGTERM).`)
for (const line of lines) console.log(line)

let stopping = false
async function stop(reason: string): Promise<void> {
  if (stopping) return
  stopping = true
  clearTimeout(deadline)
  console.log(`Stopping the sandbox: ${reason}.`)
  await sandbox.stop()
  process.exit(0)
}
const deadline = setTimeout(() => void stop(`its lifetime of ${Math.round(lifetime / 1000)}s is over`), lifetime)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(`received ${signal}`))

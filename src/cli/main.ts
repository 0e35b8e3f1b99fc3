import { cliDefault, parseArgs, UsageError, INPUT_NAMES } from './flags.js'
import { helpText } from './help.js'
import { localRunContext } from './context.js'
import { createCliDeps, type CliRunState, type TerminalOut } from './deps.js'
import { paint, wantsColor } from './terminal.js'
import { run } from '../main.js'
import type { InputName } from '../config/inputs.js'

/**
 * The preflight from argv to exit code: parse flags, fill in the preflight's defaults and the tokens
 * from the environment, run the action's own `run()` with terminal Deps, print the verdict.
 * Exit codes: 0 passed or skipped, 1 failed or cancelled, 2 usage error.
 */

export interface CliEnvironment {
  argv: readonly string[]
  env: NodeJS.ProcessEnv
  cwd: string
  isTty: boolean
  out: TerminalOut
  signal: AbortSignal
}

export async function runCli(io: CliEnvironment): Promise<number> {
  let args
  try {
    args = parseArgs(io.argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.out.stderr(`railway-deploy-gate: ${error.message}`)
    return 2
  }
  if (args.help) {
    io.out.stdout(helpText())
    return 0
  }
  const p = paint(wantsColor(io.isTty, io.env, args.color))

  const inputs: Partial<Record<InputName, string>> = {}
  for (const name of INPUT_NAMES) inputs[name] = args.inputs[name] ?? cliDefault(name)
  inputs['railway-token'] = args.inputs['railway-token'] ?? io.env.RAILWAY_TOKEN ?? ''
  // GitHub is written to only when the user names a repository; the token alone asks for nothing.
  inputs['github-token'] = args.githubRepo ? (args.inputs['github-token'] ?? io.env.GITHUB_TOKEN ?? '') : ''

  if (!inputs.service?.trim()) {
    io.out.stderr('railway-deploy-gate: --service is required: name the Railway service to check, e.g. --service web. Run with --help for all flags.')
    return 2
  }
  if (!inputs['railway-token'] && inputs['on-missing-token'] !== 'skip') {
    io.out.stderr(
      p.red('railway-deploy-gate: no Railway token: RAILWAY_TOKEN is not set.') +
        ' Create a project token in Railway (project → Settings → Tokens) and run `RAILWAY_TOKEN=… railway-deploy-gate --service web`.'
    )
    return 1
  }
  if (args.githubRepo && !inputs['github-token']) {
    io.out.stderr('railway-deploy-gate: --github-repo needs a token: set GITHUB_TOKEN or pass --github-token.')
    return 2
  }

  const state: CliRunState = { outputs: {} }
  const deps = createCliDeps({ inputs, cwd: io.cwd, env: io.env, out: io.out, paint: p, verbose: args.verbose, signal: io.signal, state })
  const mode = inputs.deploy === 'off' ? 'check and health only (deploy: off)' : `deploy: ${inputs.deploy}`
  io.out.stderr(p.bold(`Railway Deploy Gate — ${inputs.service}, ${mode}`))
  const record = await run(deps, localRunContext({ cwd: io.cwd, githubRepo: args.githubRepo, env: io.env, sha: inputs['commit-sha'] || undefined }))

  if (state.failure !== undefined) {
    io.out.stdout(p.red(`✗ ${record.result}: ${state.failure}`))
    return 1
  }
  io.out.stdout(record.result === 'skipped' ? p.yellow('⏭ skipped') : p.green(`✓ ${record.result}`))
  return 0
}

import type { Deadline } from '../clock.js'
import { GateError } from '../errors.js'
import type { Deps } from '../deps.js'
import type { TokenKind } from '../railway/client.js'

/**
 * `deploy: cli`: uploads the checked-out workspace with `railway up --ci --detach --json` and takes the
 * deployment id from its output (`{"deploymentId": …, "logsUrl": …}`). The token goes in the
 * environment the way the CLI reads it: RAILWAY_TOKEN for a project token, RAILWAY_API_TOKEN (plus
 * RAILWAY_PROJECT_ID) for an account or workspace token; never both, since RAILWAY_TOKEN would win.
 */

export const CLI_INSTALL = 'npm install -g @railway/cli'

export interface CliTarget {
  projectId: string
  environmentId: string
  serviceId: string
  serviceName: string
  token: string
  tokenKind: TokenKind
}

export function cliArgs(target: CliTarget): string[] {
  return ['up', '--ci', '--detach', '--json', '--service', target.serviceId, '--environment', target.environmentId]
}

export function cliEnv(base: NodeJS.ProcessEnv, target: CliTarget): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value
  delete env.RAILWAY_TOKEN
  delete env.RAILWAY_API_TOKEN
  if (target.tokenKind === 'project') {
    env.RAILWAY_TOKEN = target.token
  } else {
    env.RAILWAY_API_TOKEN = target.token
    env.RAILWAY_PROJECT_ID = target.projectId
  }
  return env
}

/** The deployment id from `railway up --json`: the last line of stdout that is JSON with one. */
export function deploymentIdFromCliOutput(stdout: string): string | undefined {
  for (const line of stdout.split('\n').reverse()) {
    const text = line.trim()
    if (!text.startsWith('{')) continue
    try {
      const value = JSON.parse(text) as { deploymentId?: unknown }
      if (typeof value.deploymentId === 'string' && value.deploymentId) return value.deploymentId
    } catch {
      // not JSON: a progress line
    }
  }
  return undefined
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join(' | ').slice(0, 400)
}

export async function deployViaCli(deps: Pick<Deps, 'exec' | 'env'> & { signal?: AbortSignal }, target: CliTarget, deadline?: Deadline): Promise<string> {
  let result
  try {
    result = await deps.exec('railway', cliArgs(target), {
      cwd: deps.env.GITHUB_WORKSPACE,
      env: cliEnv(deps.env, target),
      timeoutMs: deadline?.remaining(),
      signal: deps.signal
    })
  } catch (error) {
    if (error instanceof GateError) throw error // timed out or cancelled: said as it is
    const text = String((error as Error)?.message ?? error)
    if ((error as { code?: string })?.code === 'ENOENT' || /unable to locate executable|not found|ENOENT/i.test(text)) {
      throw new GateError('config', 'deploy: cli needs the Railway CLI, and `railway` was not found on this runner.', {
        hint: `Install it in a step before this one: \`${CLI_INSTALL}\` (or use \`deploy: api\`).`
      })
    }
    throw new GateError('railway', `Running the Railway CLI failed: ${text}.`)
  }
  if (result.exitCode !== 0) {
    const detail = lastLines(result.stderr || result.stdout, 3) || 'no output'
    throw new GateError('railway', `\`railway up\` failed for ${target.serviceName} (exit ${result.exitCode}): ${detail}.`, {
      hint: 'Check the message above; a project token must belong to this environment, and the workspace must contain the app to upload.'
    })
  }
  const id = deploymentIdFromCliOutput(result.stdout)
  if (!id) {
    throw new GateError('railway', `\`railway up --json\` for ${target.serviceName} printed no deployment id.`, {
      hint: 'The Railway CLI may be too old for --json; install the current one with `' + CLI_INSTALL + '`.'
    })
  }
  return id
}

import { execFileSync } from 'node:child_process'
import type { RunContext } from '../github/context.js'

/**
 * What a runner would know about the run, worked out on a laptop: the commit is the current
 * directory's git HEAD, and there is a GitHub repository only when the user names one.
 */

/** git HEAD of `cwd`, or '' outside a repository or without git. Bounded: a hung git cannot hang the CLI. */
export function gitHead(cwd: string): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim()
  } catch {
    return ''
  }
}

export function localRunContext(options: { cwd: string; githubRepo?: string; env: NodeJS.ProcessEnv; sha?: string }): RunContext {
  const [owner = '', repo = ''] = (options.githubRepo ?? '').split('/')
  const serverUrl = options.env.GITHUB_SERVER_URL || 'https://github.com'
  return {
    eventName: 'local',
    sha: options.sha ?? gitHead(options.cwd),
    fromFork: false,
    actor: '',
    owner,
    repo,
    apiUrl: options.env.GITHUB_API_URL || 'https://api.github.com',
    serverUrl,
    runId: 0,
    runUrl: '',
    workspace: options.cwd
  }
}

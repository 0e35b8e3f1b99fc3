import { context } from '@actions/github'

/** The parts of the workflow run the action needs, read once from the runner's environment. */
export interface RunContext {
  eventName: string
  /** The commit the workflow runs on (for a PR, GitHub's merge commit). */
  sha: string
  /** The PR's head commit when the event carries a pull request. */
  pullRequestHeadSha?: string
  pullRequestNumber?: number
  /** Set when the PR comes from a fork: secrets are withheld there. */
  fromFork: boolean
  actor: string
  owner: string
  repo: string
  apiUrl: string
  serverUrl: string
  runId: number
  runUrl: string
  workspace: string
}

/**
 * Reads GITHUB_* and the event payload through @actions/github's Context: this module is the only
 * place that does, so everything else takes a plain RunContext and tests build one by hand.
 */
export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const pr = context.payload.pull_request as
    | { number?: number; head?: { sha?: string; repo?: { full_name?: string } }; base?: { repo?: { full_name?: string } } }
    | undefined
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '/').split('/')
  const serverUrl = context.serverUrl || 'https://github.com'
  const headRepo = pr?.head?.repo?.full_name
  const baseRepo = pr?.base?.repo?.full_name
  return {
    eventName: context.eventName ?? '',
    sha: context.sha ?? '',
    pullRequestHeadSha: pr?.head?.sha,
    pullRequestNumber: pr?.number ?? (context.payload.issue?.pull_request ? context.payload.issue.number : undefined),
    fromFork: Boolean(headRepo && baseRepo && headRepo !== baseRepo),
    actor: context.actor ?? '',
    owner,
    repo,
    apiUrl: context.apiUrl || 'https://api.github.com',
    serverUrl,
    runId: context.runId,
    runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${context.runId}`,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd()
  }
}

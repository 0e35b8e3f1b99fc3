import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck'
import type { Logger } from '../logger.js'

/**
 * The GitHub calls the report makes, behind one interface. The Octokit implementation adds retries
 * and GitHub's recommended throttling; tests pass a fake or point it at the sandbox's fake GitHub.
 */

export interface Repo {
  owner: string
  repo: string
}

export interface IssueComment {
  id: number
  body: string
  userLogin: string
  htmlUrl: string
}

/** The identity of the GITHUB_TOKEN (a GitHub App installation token, prefix `ghs_`). */
export const ACTIONS_BOT = 'github-actions[bot]'

export interface GitHubApi {
  /** The login the token acts as, or undefined when GitHub will not say. */
  ownLogin(): Promise<string | undefined>
  /** One page of an issue's or PR's comments (oldest first), and whether more pages follow. */
  listComments(repo: Repo, issue: number, page: number, perPage: number): Promise<{ comments: IssueComment[]; hasMore: boolean }>
  createComment(repo: Repo, issue: number, body: string): Promise<IssueComment>
  updateComment(repo: Repo, commentId: number, body: string): Promise<IssueComment>
  /** One page of a commit's comments (for `push` runs with no PR), and whether more pages follow. */
  listCommitComments(repo: Repo, sha: string, page: number, perPage: number): Promise<{ comments: IssueComment[]; hasMore: boolean }>
  createCommitComment(repo: Repo, sha: string, body: string): Promise<IssueComment>
  updateCommitComment(repo: Repo, commentId: number, body: string): Promise<IssueComment>
  /** Open PRs that contain the commit (for `push` events). */
  pullsForCommit(repo: Repo, sha: string): Promise<Array<{ number: number; state: string }>>
  createStatus(
    repo: Repo,
    sha: string,
    status: { state: 'pending' | 'success' | 'failure' | 'error'; context: string; description: string; targetUrl?: string }
  ): Promise<{ creatorLogin?: string }>
  createDeployment(repo: Repo, args: { ref: string; environment: string; description: string }): Promise<number>
  createDeploymentStatus(
    repo: Repo,
    deploymentId: number,
    args: { state: 'in_progress' | 'success' | 'failure' | 'error' | 'inactive'; environmentUrl?: string; logUrl?: string; description: string }
  ): Promise<void>
}

/** An HTTP error from GitHub, with what the report needs to decide between warning and retrying. */
export interface GitHubHttpError {
  status: number
  message: string
}

export function asGitHubError(error: unknown): GitHubHttpError | undefined {
  const e = error as { status?: unknown; message?: unknown }
  return typeof e?.status === 'number' ? { status: e.status, message: String(e.message ?? '') } : undefined
}

export interface OctokitTuning {
  /** Milliseconds per second of `retry-after`; tests shrink it so a rate-limit retry costs no real wait. */
  retryAfterBaseValue?: number
  /** Spacing between writes (ms). */
  writeSpacingMs?: number
  /** Spacing between content-creating writes such as comments (ms); GitHub asks for seconds. */
  notificationSpacingMs?: number
}

/** Whether a failed write may have landed anyway: no answer, a timeout, or a 5xx. */
export function isAmbiguous(error: unknown): boolean {
  const http = asGitHubError(error)
  return !http || http.status >= 500
}

export function createOctokitApi(token: string, apiUrl: string, log: Logger, tuning: OctokitTuning = {}): GitHubApi {
  const octokit = getOctokit(
    token,
    {
      baseUrl: apiUrl,
      request: { timeout: 20_000 },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
      throttle: {
        // Writes stay serial as GitHub asks, but a run makes only a handful: a short spacing instead of
        // the plugin's default full second keeps the report from adding seconds to every job.
        write: new Bottleneck.Group({ id: 'railway-deploy-gate-write', maxConcurrent: 1, minTime: tuning.writeSpacingMs ?? 100 }),
        // Comment POSTs trigger notifications: the plugin's 3 s spacing, in a group of this client's own
        // (the plugin's default groups live for the whole process).
        notifications: new Bottleneck.Group({ id: 'railway-deploy-gate-notifications', maxConcurrent: 1, minTime: tuning.notificationSpacingMs ?? 3000 }),
        ...(tuning.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: tuning.retryAfterBaseValue } : {}),
        onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
          log.warning(`GitHub rate limit hit on ${options.method} ${options.url}; retrying after ${retryAfter}s.`)
          return retryCount < 2 && retryAfter <= 120
        },
        onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
          log.warning(`GitHub secondary rate limit hit on ${options.method} ${options.url}; retrying after ${retryAfter}s.`)
          return retryCount < 1 && retryAfter <= 120
        }
      }
    },
    retry,
    throttling
  )
  const toComment = (c: { id: number; body?: string | null; user?: { login?: string } | null; html_url: string }): IssueComment => ({
    id: c.id,
    body: c.body ?? '',
    userLogin: c.user?.login ?? '',
    htmlUrl: c.html_url
  })

  return {
    async ownLogin() {
      // An installation token cannot read /user (403): skip the request that is sure to fail.
      if (token.startsWith('ghs_')) return ACTIONS_BOT
      try {
        const { data } = await octokit.rest.users.getAuthenticated()
        return data.login
      } catch {
        return undefined // installation tokens (GITHUB_TOKEN) cannot read /user
      }
    },
    async listComments(repo, issue, page, perPage) {
      const { data } = await octokit.rest.issues.listComments({ ...repo, issue_number: issue, page, per_page: perPage })
      return { comments: data.map(toComment), hasMore: data.length === perPage }
    },
    async createComment(repo, issue, body) {
      // A POST is not retried on 5xx here: a retry after an ambiguous failure could leave two comments.
      const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issue, body, request: { retries: 0 } })
      return toComment(data)
    },
    async updateComment(repo, commentId, body) {
      const { data } = await octokit.rest.issues.updateComment({ ...repo, comment_id: commentId, body })
      return toComment(data)
    },
    async listCommitComments(repo, sha, page, perPage) {
      const { data } = await octokit.rest.repos.listCommentsForCommit({ ...repo, commit_sha: sha, page, per_page: perPage })
      return { comments: data.map(toComment), hasMore: data.length === perPage }
    },
    async createCommitComment(repo, sha, body) {
      const { data } = await octokit.rest.repos.createCommitComment({ ...repo, commit_sha: sha, body, request: { retries: 0 } })
      return toComment(data)
    },
    async updateCommitComment(repo, commentId, body) {
      const { data } = await octokit.rest.repos.updateCommitComment({ ...repo, comment_id: commentId, body })
      return toComment(data)
    },
    async pullsForCommit(repo, sha) {
      const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha })
      return data.map((pr) => ({ number: pr.number, state: pr.state }))
    },
    async createStatus(repo, sha, status) {
      const { data } = await octokit.rest.repos.createCommitStatus({
        ...repo,
        sha,
        state: status.state,
        context: status.context,
        description: status.description,
        target_url: status.targetUrl
      })
      // The status names who wrote it: the token's identity, learnt without a GET /user.
      return { creatorLogin: data.creator?.login }
    },
    async createDeployment(repo, args) {
      const { data } = await octokit.rest.repos.createDeployment({
        ...repo,
        ref: args.ref,
        environment: args.environment,
        description: args.description,
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
        // A POST retried after a 5xx could leave a second deployment that nobody closes.
        request: { retries: 0 }
      })
      if (!('id' in data)) throw new Error(`GitHub did not create the deployment: ${String((data as { message?: string }).message)}`)
      return data.id
    },
    async createDeploymentStatus(repo, deploymentId, args) {
      await octokit.rest.repos.createDeploymentStatus({
        ...repo,
        deployment_id: deploymentId,
        state: args.state,
        environment_url: args.environmentUrl,
        log_url: args.logUrl,
        description: args.description,
        auto_inactive: true
      })
    }
  }
}

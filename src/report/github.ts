import type { Config } from '../config/inputs.js'
import { asGitHubError, type GitHubApi, type Repo } from '../github/api.js'
import type { RunContext } from '../github/context.js'
import type { Logger } from '../logger.js'
import type { RunRecord, ServiceRecord } from './model.js'
import { GITHUB_COMMENT_LIMIT, marker, renderWithin } from './render.js'

/**
 * Everything the report writes to GitHub: the commit status per service, the GitHub Deployment, and
 * the sticky comment. A GitHub failure never changes the verdict: it becomes a warning and a note,
 * and the job summary still carries the report.
 */

const PERMISSION_HINT: Record<string, string> = {
  comment: 'pull-requests: write',
  status: 'statuses: write',
  deployment: 'deployments: write'
}

/** The default identity of GITHUB_TOKEN, which cannot read /user. */
const ACTIONS_BOT = 'github-actions[bot]'
const COMMENTS_PER_PAGE = 100
const MAX_COMMENT_PAGES = 50

export function statusContext(template: string, service: string, environment: string): string {
  return template.replace(/\{service\}/g, service).replace(/\{environment\}/g, environment)
}

/** GitHub rejects status descriptions over 140 characters. */
export function shortDescription(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= max ? flat : flat.slice(0, max - 1) + '…'
}

export class GitHubReporter {
  private readonly repo: Repo
  private readonly api: GitHubApi
  private readonly config: Config
  private readonly run: RunContext
  private readonly log: Logger
  /** The run record's notes: warnings land there so the report shows them. */
  private readonly notes: string[]
  private readonly deploymentIds = new Map<string, number>()
  private readonly pendingStatuses = new Set<string>()
  commentUrl?: string

  constructor(api: GitHubApi, config: Config, run: RunContext, log: Logger, notes: string[]) {
    this.api = api
    this.config = config
    this.run = run
    this.log = log
    this.notes = notes
    this.repo = { owner: run.owner, repo: run.repo }
  }

  /** Turns a GitHub failure into a warning that names the missing permission when that is the cause. */
  private async attempt<T>(what: keyof typeof PERMISSION_HINT, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn()
    } catch (error) {
      const http = asGitHubError(error)
      const message =
        http && (http.status === 403 || http.status === 404)
          ? `Could not write the ${what} (HTTP ${http.status}: ${http.message}). Add \`${PERMISSION_HINT[what]}\` to the workflow's permissions:${this.run.fromFork ? ' (fork PRs get a read-only token, so this is expected there)' : ''}.`
          : `Could not write the ${what}: ${http ? `HTTP ${http.status} ${http.message}` : String(error)}.`
      this.log.warning(message)
      if (!this.notes.includes(message)) this.notes.push(message)
      return undefined
    }
  }

  /** Marks each service pending and opens a GitHub Deployment, before anything slow happens. */
  async start(services: string[], environment: string): Promise<void> {
    const sha = this.config.commitSha
    if (!sha) return
    for (const service of services) {
      if (this.config.statusContext) {
        const context = statusContext(this.config.statusContext, service, environment)
        await this.attempt('status', () =>
          this.api.createStatus(this.repo, sha, { state: 'pending', context, description: `Deploying ${service} to Railway…`, targetUrl: this.run.runUrl })
        )
        this.pendingStatuses.add(service)
      }
      if (this.config.githubDeployment && this.config.deploy !== 'off') {
        const id = await this.attempt('deployment', async () => {
          const created = await this.api.createDeployment(this.repo, {
            ref: sha,
            environment: services.length > 1 ? `${environment} (${service})` : environment,
            description: `Railway: ${service}`
          })
          await this.api.createDeploymentStatus(this.repo, created, { state: 'in_progress', logUrl: this.run.runUrl, description: 'Deploying to Railway' })
          return created
        })
        if (id !== undefined) this.deploymentIds.set(service, id)
      }
    }
  }

  /**
   * Final statuses and deployment states for every service of the record, and for any service still
   * pending because the run failed before its record existed. Safe on cancellation: nothing stays pending.
   */
  async finishStatuses(services: ServiceRecord[], environment: string, runError?: string): Promise<void> {
    const sha = this.config.commitSha
    const finals = new Map<string, { state: 'success' | 'failure' | 'error'; description: string; url?: string; verdict: string }>()
    for (const service of services) {
      const state = service.verdict === 'cancelled' ? 'error' : service.verdict === 'failed' ? 'failure' : 'success'
      finals.set(service.name, { state, description: service.message, url: service.url, verdict: service.verdict })
    }
    for (const name of [...this.pendingStatuses, ...this.deploymentIds.keys()]) {
      if (!finals.has(name)) finals.set(name, { state: 'failure', description: runError ?? 'The run ended before this service finished.', verdict: 'failed' })
    }
    for (const [name, final] of finals) {
      if (this.config.statusContext && sha) {
        const context = statusContext(this.config.statusContext, name, environment)
        await this.attempt('status', () =>
          this.api.createStatus(this.repo, sha, {
            state: final.state,
            context,
            description: shortDescription(final.description),
            targetUrl: this.commentUrl ?? this.run.runUrl
          })
        )
        this.pendingStatuses.delete(name)
      }
      const deploymentId = this.deploymentIds.get(name)
      if (deploymentId !== undefined) {
        await this.attempt('deployment', () =>
          this.api.createDeploymentStatus(this.repo, deploymentId, {
            state: final.verdict === 'passed' ? 'success' : final.state === 'error' ? 'error' : final.verdict === 'skipped' ? 'inactive' : 'failure',
            environmentUrl: final.url,
            logUrl: this.run.runUrl,
            description: shortDescription(final.description)
          })
        )
        this.deploymentIds.delete(name)
      }
    }
  }

  /** Where the comment goes: the PR of the event, else the open PR that contains the commit, else the commit. */
  private async commentTarget(): Promise<{ issue?: number; sha?: string }> {
    if (this.run.pullRequestNumber) return { issue: this.run.pullRequestNumber }
    const sha = this.config.commitSha
    if (!sha) return {}
    const pulls = await this.attempt('comment', () => this.api.pullsForCommit(this.repo, sha))
    const open = pulls?.find((p) => p.state === 'open')
    return open ? { issue: open.number } : { sha }
  }

  /** Finds our own earlier comment with the marker, through every page. */
  private async findSticky(issue: number, key: string): Promise<number | undefined> {
    const own = (await this.api.ownLogin()) ?? ACTIONS_BOT
    const wanted = marker(key)
    let found: number | undefined
    for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
      const { comments, hasMore } = await this.api.listComments(this.repo, issue, page, COMMENTS_PER_PAGE)
      for (const comment of comments) {
        if (comment.userLogin === own && comment.body.startsWith(wanted)) found = comment.id // the latest wins
      }
      if (!hasMore) break
    }
    return found
  }

  async writeComment(record: RunRecord): Promise<void> {
    if (this.config.comment === 'off') return
    const target = await this.commentTarget()
    const body = renderWithin(record, GITHUB_COMMENT_LIMIT)
    if (target.issue !== undefined) {
      const issue = target.issue
      await this.attempt('comment', async () => {
        const existing = this.config.comment === 'sticky' ? await this.findSticky(issue, record.key) : undefined
        const comment = existing !== undefined ? await this.api.updateComment(this.repo, existing, body) : await this.api.createComment(this.repo, issue, body)
        this.commentUrl = comment.htmlUrl
      })
    } else if (target.sha) {
      const sha = target.sha
      await this.attempt('comment', async () => {
        this.commentUrl = (await this.api.createCommitComment(this.repo, sha, body)).htmlUrl
      })
    }
  }
}

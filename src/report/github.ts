import type { Config } from '../config/inputs.js'
import { ACTIONS_BOT, asGitHubError, isAmbiguous, type GitHubApi, type IssueComment, type Repo } from '../github/api.js'
import type { RunContext } from '../github/context.js'
import type { Logger } from '../logger.js'
import type { RunRecord, ServiceRecord } from './model.js'
import { GITHUB_COMMENT_LIMIT, marker, renderWithin } from './render.js'

/**
 * Everything the report writes to GitHub: the commit status per service, the GitHub Deployment, and
 * the sticky comment. A GitHub failure never changes the verdict: it becomes a warning and a note,
 * and the job summary still carries the report.
 */

/** The `permissions:` line each kind of write needs; a 403 names it in the warning. */
const PERMISSION_HINT = {
  comment: 'pull-requests: write',
  'commit comment': 'contents: write',
  'pull request lookup': 'pull-requests: read',
  status: 'statuses: write',
  deployment: 'deployments: write'
} as const
type WriteKind = keyof typeof PERMISSION_HINT

const COMMENTS_PER_PAGE = 100
const MAX_COMMENT_PAGES = 50
/** A 422 on a comment (body too long for this GitHub) halves the limit, at most this many times. */
const MAX_SHRINKS = 3

/** Where the comment goes: a PR's conversation, or the commit itself on a push with no PR. */
type CommentTarget = { issue: number } | { sha: string }

export function statusContext(template: string, service: string, environment: string): string {
  // Function replacers: a `$&` in a name is text, not a replacement pattern.
  return template.replace(/\{service\}/g, () => service).replace(/\{environment\}/g, () => environment)
}

/** GitHub rejects status descriptions over 140 characters. */
export function shortDescription(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= max) return flat
  // Cut between code points, never inside an emoji's surrogate pair (GitHub rejects half of one).
  let cut = flat.slice(0, max - 1)
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1)
  return cut + '…'
}

export class GitHubReporter {
  private readonly repo: Repo
  private readonly api: GitHubApi
  private readonly config: Config
  private readonly run: RunContext
  private readonly log: Logger
  /** The run record's notes: warnings land there so the report shows them. */
  private readonly notes: string[]
  /** The run's one GitHub Deployment (for the Railway environment), once created. */
  private deploymentId?: number
  private readonly pendingStatuses = new Set<string>()
  /** Kinds of write GitHub refused with 403: not tried again, so one warning each and no wasted calls. */
  private readonly forbidden = new Set<WriteKind>()
  /** Who the token acts as, learnt from the first status written (saves a GET /user). */
  private identity?: string
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
  private async attempt<T>(what: WriteKind, fn: () => Promise<T>): Promise<T | undefined> {
    if (this.forbidden.has(what)) return undefined
    try {
      return await fn()
    } catch (error) {
      const http = asGitHubError(error)
      const denied = http?.status === 403 || (http?.status === 404 && what !== 'comment' && what !== 'commit comment')
      if (denied) this.forbidden.add(what)
      const message = denied
        ? `Could not write the ${what} (HTTP ${http.status}: ${http.message}). Add \`${PERMISSION_HINT[what]}\` to the workflow's permissions:${this.run.fromFork ? ' (fork PRs get a read-only token, so this is expected there)' : ''}. The verdict does not change; the job summary has the report.`
        : `Could not write the ${what}: ${http ? `HTTP ${http.status} ${http.message}` : String(error)}. The verdict does not change; the job summary has the report.`
      this.log.warning(message)
      if (!this.notes.includes(message)) this.notes.push(message)
      return undefined
    }
  }

  /**
   * Marks each service pending and opens one GitHub Deployment for the Railway environment (its URL is
   * set at the end). main does not wait for this before deploying: the writes run beside the deploy.
   */
  async start(services: string[], environment: string): Promise<void> {
    const sha = this.config.commitSha
    if (!sha) return
    if (this.config.statusContext) {
      for (const service of services) {
        const context = statusContext(this.config.statusContext, service, environment)
        const written = await this.attempt('status', () =>
          this.api.createStatus(this.repo, sha, {
            state: 'pending',
            context,
            description: shortDescription(`Deploying ${service} to Railway…`),
            targetUrl: this.run.runUrl
          })
        )
        this.identity ??= written?.creatorLogin
        this.pendingStatuses.add(service)
      }
    }
    if (this.config.githubDeployment && this.config.deploy !== 'off') {
      await this.attempt('deployment', async () => {
        // Remembered before the next call: if in_progress fails, the end still closes the deployment.
        this.deploymentId = await this.api.createDeployment(this.repo, {
          ref: sha,
          environment,
          description: shortDescription(`Railway: ${services.join(', ')}`)
        })
        await this.api.createDeploymentStatus(this.repo, this.deploymentId, { state: 'in_progress', logUrl: this.run.runUrl, description: 'Deploying to Railway' })
      })
    }
  }

  /**
   * Final statuses for every service of the record, and for any service still pending because the run
   * failed before its record existed; then the GitHub Deployment's final state. Safe on cancellation:
   * nothing stays pending.
   */
  async finishStatuses(services: ServiceRecord[], environment: string, runError?: string): Promise<void> {
    const sha = this.config.commitSha
    const finals = new Map<string, { state: 'success' | 'failure' | 'error'; description: string; url?: string; verdict: string }>()
    for (const service of services) {
      const state = service.verdict === 'cancelled' ? 'error' : service.verdict === 'failed' ? 'failure' : 'success'
      finals.set(service.name, { state, description: service.message, url: service.url, verdict: service.verdict })
    }
    for (const name of this.pendingStatuses) {
      if (!finals.has(name)) finals.set(name, { state: 'failure', description: runError ?? 'The run ended before this service finished.', verdict: 'failed' })
    }
    // The run failed before Railway named the services (a bad token, an unknown environment): a
    // required check must not wait forever, so the services named in the inputs fail with the reason.
    if (finals.size === 0 && runError) {
      for (const name of this.config.services) finals.set(name, { state: 'failure', description: runError, verdict: 'failed' })
    }
    if (this.config.statusContext && sha) {
      for (const [name, final] of finals) {
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
    }
    const deploymentId = this.deploymentId
    if (deploymentId !== undefined) {
      const all = [...finals.values()]
      const state = all.some((f) => f.state === 'error')
        ? 'error'
        : all.length === 0 || all.some((f) => f.state === 'failure')
          ? 'failure'
          : all.every((f) => f.verdict === 'skipped')
            ? 'inactive'
            : 'success'
      const description =
        state === 'success'
          ? `Deployed: ${[...finals.keys()].join(', ')}`
          : runError ?? [...finals].filter(([, f]) => f.state !== 'success').map(([name, f]) => `${name}: ${f.description}`).join(' ')
      await this.attempt('deployment', () =>
        this.api.createDeploymentStatus(this.repo, deploymentId, {
          state,
          // The environment's address: the first service that answers on one.
          environmentUrl: state === 'success' ? all.find((f) => f.url)?.url : undefined,
          logUrl: this.run.runUrl,
          description: shortDescription(description)
        })
      )
      this.deploymentId = undefined
    }
  }

  /** Where the comment goes: the PR of the event, else the open PR that contains the commit, else the commit. */
  private async commentTarget(): Promise<CommentTarget | undefined> {
    if (this.run.pullRequestNumber) return { issue: this.run.pullRequestNumber }
    const sha = this.config.commitSha
    if (!sha) return undefined
    const pulls = await this.attempt('pull request lookup', () => this.api.pullsForCommit(this.repo, sha))
    const open = pulls?.find((p) => p.state === 'open')
    return open ? { issue: open.number } : { sha }
  }

  private async ownLogin(): Promise<string> {
    this.identity ??= (await this.api.ownLogin()) ?? ACTIONS_BOT
    return this.identity
  }

  /** The latest of our own comments on the target that `matches`, through every page. */
  /**
   * Our own comment that `rank` scores highest (0: not a match), the latest among equals, through
   * every page.
   */
  private async findOwn(target: CommentTarget, rank: (body: string) => number): Promise<IssueComment | undefined> {
    const own = await this.ownLogin()
    let found: IssueComment | undefined
    let best = 0
    for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
      const { comments, hasMore } =
        'issue' in target
          ? await this.api.listComments(this.repo, target.issue, page, COMMENTS_PER_PAGE)
          : await this.api.listCommitComments(this.repo, target.sha, page, COMMENTS_PER_PAGE)
      for (const comment of comments) {
        const score = comment.userLogin === own ? rank(comment.body) : 0
        if (score > 0 && score >= best) {
          found = comment
          best = score
        }
      }
      if (!hasMore) break
    }
    return found
  }

  private create(target: CommentTarget, body: string): Promise<IssueComment> {
    return 'issue' in target ? this.api.createComment(this.repo, target.issue, body) : this.api.createCommitComment(this.repo, target.sha, body)
  }

  private update(target: CommentTarget, id: number, body: string): Promise<IssueComment> {
    return 'issue' in target ? this.api.updateComment(this.repo, id, body) : this.api.updateCommitComment(this.repo, id, body)
  }

  /** Updates our comment; if someone deleted it since it was found (404), writes a new one. */
  private async updateOrRecreate(target: CommentTarget, id: number, body: string, key: string): Promise<IssueComment> {
    try {
      return await this.update(target, id, body)
    } catch (error) {
      if (asGitHubError(error)?.status !== 404) throw error
      return this.createOnce(target, body, key)
    }
  }

  /**
   * Creates the comment. A POST that failed without a clear answer (timeout, 5xx) may have landed:
   * the comments are read again first, and only when it is not there is it posted once more.
   */
  private async createOnce(target: CommentTarget, body: string, key: string): Promise<IssueComment> {
    try {
      return await this.create(target, body)
    } catch (error) {
      if (!isAmbiguous(error)) throw error
      this.log.info(`The comment POST failed without a clear answer (${asGitHubError(error)?.status ?? 'no response'}); checking whether it landed before trying again.`)
      const sticky = this.config.comment === 'sticky'
      const landed = await this.findOwn(target, (text) => (text === body || (sticky && text.startsWith(marker(key))) ? 1 : 0))
      if (landed) return landed.body === body ? landed : await this.update(target, landed.id, body)
      return await this.create(target, body)
    }
  }

  async writeComment(record: RunRecord): Promise<void> {
    if (this.config.comment === 'off') return
    const target = await this.commentTarget()
    if (!target) return
    const kind: WriteKind = 'issue' in target ? 'comment' : 'commit comment'
    await this.attempt(kind, async () => {
      // Our comment under this key, else one a run that failed early left under the provisional key.
      const provisional = record.provisionalKey
      const existing =
        this.config.comment === 'sticky'
          ? await this.findOwn(target, (text) => (text.startsWith(marker(record.key)) ? 2 : provisional && text.startsWith(marker(provisional)) ? 1 : 0))
          : undefined
      let limit = GITHUB_COMMENT_LIMIT
      for (let shrinks = 0; ; shrinks++) {
        const body = renderWithin(record, limit)
        try {
          const comment = existing ? await this.updateOrRecreate(target, existing.id, body, record.key) : await this.createOnce(target, body, record.key)
          this.commentUrl = comment.htmlUrl
          return
        } catch (error) {
          // GitHub's limit is documented only by its 422; if this GitHub counts smaller, shrink and retry.
          if (asGitHubError(error)?.status !== 422 || shrinks >= MAX_SHRINKS) throw error
          limit = Math.floor(Math.min(limit, body.length) / 2)
          this.log.info(`GitHub refused the comment (422); retrying with the report cut to ${limit} characters.`)
        }
      }
    })
  }
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A fake of the GitHub REST endpoints the action calls, on 127.0.0.1. It records every call and keeps
 * comments, statuses and deployments in memory, with GitHub's pagination (page/per_page + Link).
 */

export interface RecordedCall {
  method: string
  path: string
  body?: Record<string, unknown>
  status: number
}

export interface FakeComment {
  id: number
  issue?: number
  commitSha?: string
  body: string
  user: string
}

export interface FakeGitHubOptions {
  /** The identity behind the token; `github-actions[bot]` for an installation token. */
  login?: string
  /** Installation tokens cannot read /user (GitHub answers 403). */
  installationToken?: boolean
  /** Open PRs per commit SHA, for `commits/{sha}/pulls`. */
  pullsByCommit?: Record<string, number[]>
  /** Make these endpoint kinds answer 403 "Resource not accessible by integration". */
  forbid?: Array<'comments' | 'statuses' | 'deployments'>
  /** Bodies over this many characters get 422 (GitHub's documented limit by default). */
  maxCommentChars?: number
  /** Create this many comments, then answer 502 anyway: the ambiguous failure a retry must not duplicate. */
  ambiguousCommentPosts?: number
  /** Answer this many comment POSTs with 502 without storing them (the ambiguous failure that did not land). */
  lostCommentPosts?: number
  /** Answer this many writes with GitHub's secondary-rate-limit 403 and `retry-after: 1`. */
  secondaryRateLimited?: number
}

export class FakeGitHub {
  readonly calls: RecordedCall[] = []
  readonly comments: FakeComment[] = []
  readonly statuses: Array<{ sha: string; state: string; context: string; description: string; target_url?: string }> = []
  readonly deployments: Array<{ id: number; ref: string; environment: string; statuses: Array<{ state: string; environment_url?: string }> }> = []
  private server?: Server
  private nextId = 1000
  private readonly options: Required<FakeGitHubOptions>

  constructor(options: FakeGitHubOptions = {}) {
    this.options = {
      login: 'github-actions[bot]',
      installationToken: true,
      pullsByCommit: {},
      forbid: [],
      maxCommentChars: 65_536,
      ambiguousCommentPosts: 0,
      lostCommentPosts: 0,
      secondaryRateLimited: 0,
      ...options
    }
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    return this
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve())
  }

  /** Adds a comment as if someone wrote it earlier. */
  seedComment(issue: number, body: string, user: string): FakeComment {
    const comment = { id: this.nextId++, issue, body, user }
    this.comments.push(comment)
    return comment
  }

  private commentJson(c: FakeComment) {
    const where = c.issue !== undefined ? `pull/${c.issue}` : `commit/${c.commitSha}`
    return { id: c.id, body: c.body, user: { login: c.user }, html_url: `https://github.com/acme/shop/${where}#issuecomment-${c.id}` }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = req.method ?? 'GET'
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ method, path: url.pathname + url.search, body, status })
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(payload))
    }
    const forbidden = () => send(403, { message: 'Resource not accessible by integration' })
    const path = url.pathname
    let m: RegExpExecArray | null
    const tooLong = (text: string) =>
      text.length > this.options.maxCommentChars
        ? (send(422, { message: 'Validation Failed', errors: [{ message: `body is too long (maximum is ${this.options.maxCommentChars} characters)` }] }), true)
        : false
    const lost = () => {
      if (this.options.lostCommentPosts <= 0) return false
      this.options.lostCommentPosts--
      send(502, { message: 'Server Error' })
      return true
    }
    /** After storing a new comment: answer it, or (a scripted fault) answer 502 as if the gateway timed out. */
    const created = (comment: FakeComment) => {
      if (this.options.ambiguousCommentPosts > 0) {
        this.options.ambiguousCommentPosts--
        return send(502, { message: 'Server Error' })
      }
      return send(201, this.commentJson(comment))
    }
    if (method !== 'GET' && this.options.secondaryRateLimited > 0) {
      this.options.secondaryRateLimited--
      return send(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1' })
    }

    if (method === 'GET' && path === '/user') {
      return this.options.installationToken ? forbidden() : send(200, { login: this.options.login })
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path))) {
      const issue = Number(m[1])
      if (method === 'GET') {
        const perPage = Number(url.searchParams.get('per_page') ?? 30)
        const page = Number(url.searchParams.get('page') ?? 1)
        const all = this.comments.filter((c) => c.issue === issue)
        const slice = all.slice((page - 1) * perPage, page * perPage)
        const headers: Record<string, string> = {}
        if (page * perPage < all.length) headers.link = `<${this.url}${path}?per_page=${perPage}&page=${page + 1}>; rel="next"`
        return send(200, slice.map((c) => this.commentJson(c)), headers)
      }
      if (method === 'POST') {
        if (this.options.forbid.includes('comments')) return forbidden()
        const comment = { id: this.nextId++, issue, body: String(body?.body ?? ''), user: this.options.login }
        if (tooLong(comment.body) || lost()) return
        this.comments.push(comment)
        return created(comment)
      }
    }
    // Issue comments and commit comments are edited at different paths; both are kept in `comments`.
    if ((m = /^\/repos\/[^/]+\/[^/]+\/(issues\/)?comments\/(\d+)$/.exec(path)) && method === 'PATCH') {
      if (this.options.forbid.includes('comments')) return forbidden()
      const onIssue = Boolean(m[1])
      const comment = this.comments.find((c) => c.id === Number(m![2]) && (c.issue !== undefined) === onIssue)
      if (!comment) return send(404, { message: 'Not Found' })
      const next = String(body?.body ?? '')
      if (tooLong(next)) return
      comment.body = next
      return send(200, this.commentJson(comment))
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-zA-Z]+)\/pulls$/.exec(path)) && method === 'GET') {
      const numbers = this.options.pullsByCommit[m[1]] ?? []
      return send(200, numbers.map((number) => ({ number, state: 'open' })))
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-zA-Z]+)\/comments$/.exec(path)) && method === 'GET') {
      const sha = m[1]
      const perPage = Number(url.searchParams.get('per_page') ?? 30)
      const page = Number(url.searchParams.get('page') ?? 1)
      const all = this.comments.filter((c) => c.commitSha === sha)
      const headers: Record<string, string> = {}
      if (page * perPage < all.length) headers.link = `<${this.url}${path}?per_page=${perPage}&page=${page + 1}>; rel="next"`
      return send(200, all.slice((page - 1) * perPage, page * perPage).map((c) => this.commentJson(c)), headers)
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-zA-Z]+)\/comments$/.exec(path)) && method === 'POST') {
      if (this.options.forbid.includes('comments')) return forbidden()
      const comment = { id: this.nextId++, commitSha: m[1], body: String(body?.body ?? ''), user: this.options.login }
      if (tooLong(comment.body) || lost()) return
      this.comments.push(comment)
      return created(comment)
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/statuses\/([0-9a-zA-Z]+)$/.exec(path)) && method === 'POST') {
      if (this.options.forbid.includes('statuses')) return forbidden()
      const description = String(body?.description ?? '')
      if (description.length > 140) return send(422, { message: 'Validation Failed: description is too long (maximum is 140 characters)' })
      this.statuses.push({ sha: m[1], state: String(body?.state), context: String(body?.context), description, target_url: body?.target_url as string | undefined })
      return send(201, { id: this.nextId++, state: body?.state, creator: { login: this.options.login } })
    }
    if (/^\/repos\/[^/]+\/[^/]+\/deployments$/.test(path) && method === 'POST') {
      if (this.options.forbid.includes('deployments')) return forbidden()
      const deployment = { id: this.nextId++, ref: String(body?.ref), environment: String(body?.environment), statuses: [] }
      this.deployments.push(deployment)
      return send(201, { id: deployment.id, ref: deployment.ref, environment: deployment.environment })
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/.exec(path)) && method === 'POST') {
      if (this.options.forbid.includes('deployments')) return forbidden()
      const deployment = this.deployments.find((d) => d.id === Number(m![1]))
      if (!deployment) return send(404, { message: 'Not Found' })
      const description = String(body?.description ?? '')
      if (description.length > 140) return send(422, { message: 'Validation Failed: description is too long' })
      deployment.statuses.push({ state: String(body?.state), environment_url: body?.environment_url as string | undefined })
      return send(201, { id: this.nextId++, state: body?.state })
    }
    send(404, { message: `Not Found: ${method} ${path}` })
  }
}

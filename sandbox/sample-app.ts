import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PREVIOUS_COMMIT, type AppBehaviour } from './scenarios/index.ts'

/**
 * The sample app behind a service's public domain: an HTTPS server on 127.0.0.1 whose /health answers
 * with the commit of the deployment Railway currently routes to. Until the new deployment reaches
 * SUCCESS, that is the old commit — exactly what fools a naive health check.
 */

export const TLS_DIR = new URL('./tls/', import.meta.url)

export interface SampleAppOptions {
  behaviour: AppBehaviour
  /** The commit currently serving, and since when (ms epoch); asked on every request. */
  serving: () => { commit: string; since: number }
  healthPath?: string
  /** Scales behaviour times like the fake Railway's timeline. */
  timeScale?: number
  /** Serve with a certificate nobody trusts (TLS-failure scenario); also `behaviour.untrusted`. */
  untrusted?: boolean
}

/** One request the app received: when, where, what it answered, and which commit it claimed to be. */
export interface AppHit {
  at: number
  path: string
  status: number
  /** The commit the answer reported (undefined when it reported none). */
  commit?: string
}

export class SampleApp {
  readonly hits: AppHit[] = []
  private server?: Server
  private readonly options: SampleAppOptions

  constructor(options: SampleAppOptions) {
    this.options = options
  }

  get host(): string {
    return `127.0.0.1:${(this.server?.address() as AddressInfo).port}`
  }

  async start(): Promise<this> {
    const name = (this.options.untrusted ?? this.options.behaviour.untrusted) ? 'untrusted' : 'server'
    this.server = createServer(
      { key: readFileSync(new URL(`${name}.key`, TLS_DIR)), cert: readFileSync(new URL(`${name}.pem`, TLS_DIR)) },
      (req, res) => this.handle(req, res)
    )
    this.server.on('tlsClientError', () => undefined)
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    return this
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve())
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'https://127.0.0.1').pathname
    const { commit, since } = this.options.serving()
    const scale = this.options.timeScale ?? 1
    const sinceSwitch = Date.now() - since
    const behaviour = this.options.behaviour
    const faultLasts = (behaviour.failForMs ?? 500) * scale
    const answer = (status: number, body: string, headers: Record<string, string> = {}, reported: string | undefined = commit) => {
      this.hits.push({ at: Date.now(), path, status, commit: reported })
      res.writeHead(status, { 'content-type': 'application/json', ...(reported ? { 'x-app-commit': reported } : {}), ...headers })
      res.end(body)
    }
    const healthy = (reported = commit) => answer(200, JSON.stringify({ status: 'ok', commit: reported }), {}, reported)
    const healthPath = this.options.healthPath ?? '/health'
    if (behaviour.mode === 'redirect-same-host' && path === '/ready') return healthy()
    if (path !== healthPath) return answer(404, JSON.stringify({ error: 'not found' }), {}, undefined)

    switch (behaviour.mode) {
      case 'status':
        return answer(behaviour.status ?? 500, JSON.stringify({ status: 'error' }))
      case 'old-version-forever':
        return healthy(PREVIOUS_COMMIT)
      case 'old-version-then-new':
        // The edge keeps routing to the old deployment for a while after the switch.
        return healthy(sinceSwitch < faultLasts ? PREVIOUS_COMMIT : commit)
      case 'slow-start':
      case 'cold-start':
        if (sinceSwitch < faultLasts) {
          return answer(behaviour.mode === 'cold-start' ? 502 : 503, JSON.stringify({ status: 'starting' }), {}, undefined)
        }
        return healthy()
      case 'flapping':
        return this.hits.length % 2 === 0 ? healthy() : answer(503, JSON.stringify({ status: 'degraded' }), {}, undefined)
      case 'redirect-other-host':
        return answer(302, '', { location: 'https://example.com/health' }, undefined)
      case 'redirect-same-host':
        return answer(302, '', { location: '/ready' }, undefined)
      case 'redirect-loop':
        return answer(301, '', { location: healthPath }, undefined)
      case 'hang':
        // Headers never come; the connection stays open until the client gives up or the app stops.
        this.hits.push({ at: Date.now(), path, status: 0 })
        return
      case 'endless-body': {
        this.hits.push({ at: Date.now(), path, status: 200, commit })
        res.writeHead(200, { 'content-type': 'text/plain', 'x-app-commit': commit })
        const chunk = 'x'.repeat(16 * 1024)
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump)
        }
        res.on('close', () => res.removeAllListeners('drain'))
        return pump()
      }
      default:
        return healthy()
    }
  }
}

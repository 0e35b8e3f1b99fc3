import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { GraphQLError, execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql'
import { useServer } from 'graphql-ws/use/ws'
import { WebSocketServer, type WebSocket } from 'ws'
import { buildSandboxSchema } from './railway-schema.ts'
import {
  ACCOUNT_TOKEN,
  ENVIRONMENT,
  NEWER_COMMIT,
  PREVIOUS_COMMIT,
  PROJECT,
  PROJECT_TOKEN,
  type DeploymentStatus,
  type Scenario,
  type ScenarioService
} from './scenarios/index.ts'

/**
 * A fake of Railway's public GraphQL API on 127.0.0.1: real GraphQL (the `graphql` package) over HTTP
 * and over WebSocket (`graphql-transport-ws`), answering from a scripted scenario. Deployments move
 * through their statuses on timers; subscribers are told at once, pollers see it on their next read.
 */

export interface FakeDeployment {
  id: string
  serviceId: string
  environmentId: string
  status: DeploymentStatus
  createdAt: number
  statusUpdatedAt: number
  commitHash: string
  /** Every status with the time it was set (ms since epoch), for latency measurements. */
  history: Array<{ status: DeploymentStatus; at: number }>
}

export interface RecordedRequest {
  transport: 'http' | 'ws'
  operation: string
  at: number
  status: number
  headers: Record<string, string | string[] | undefined>
}

export interface FakeRailwayOptions {
  scenario: Scenario
  /** Multiplies every scenario time (0.01 turns a 60 s build into 600 ms). */
  timeScale?: number
  /** Starting rate-limit budget reported in X-RateLimit-Remaining. */
  rateLimitBudget?: number
}

type Listener = (deployment: FakeDeployment) => void

/** Uploads (`railway up`) carry no commit; the fake records this marker instead. */
export const UPLOAD_COMMIT = 'upload'

export class FakeRailway {
  readonly requests: RecordedRequest[] = []
  /** Every WebSocket message either way (graphql-transport-ws `type`), for the benchmark's counts. */
  readonly wsMessages: Array<{ direction: 'in' | 'out'; type: string; at: number }> = []
  readonly deployments: FakeDeployment[] = []
  readonly schema: GraphQLSchema
  private readonly scenario: Scenario
  private readonly timeScale: number
  private readonly listeners = new Set<Listener>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private server?: Server
  private wss?: WebSocketServer
  private counter = 0
  private rateLimitRemaining: number
  private faults: { rateLimited: number; serverErrors: number; deployReset: number }

  constructor(options: FakeRailwayOptions) {
    this.scenario = options.scenario
    this.timeScale = options.timeScale ?? 1
    this.rateLimitRemaining = options.rateLimitBudget ?? 1000
    this.schema = buildSandboxSchema()
    this.faults = {
      rateLimited: options.scenario.faults?.rateLimited?.count ?? 0,
      serverErrors: options.scenario.faults?.serverErrors?.count ?? 0,
      deployReset: options.scenario.faults?.deployReset?.count ?? 0
    }
    // Each service starts with an earlier successful deployment that is serving.
    for (const service of this.scenario.services) {
      const now = Date.now() - 3_600_000
      this.deployments.push({
        id: `dep-prev-${service.name}`,
        serviceId: service.id,
        environmentId: ENVIRONMENT.id,
        status: 'SUCCESS',
        createdAt: now,
        statusUpdatedAt: now,
        commitHash: PREVIOUS_COMMIT,
        history: [{ status: 'SUCCESS', at: now }]
      })
    }
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo
    return `http://127.0.0.1:${address.port}/graphql/v2`
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handleHttp(req, res))
    this.wss = new WebSocketServer({ noServer: true })
    useServer(
      {
        schema: this.schema,
        roots: { subscription: { deployment: (args: { id: string }) => this.deploymentEvents(args.id) } } as never,
        onSubscribe: (ctx, _id, payload) => {
          this.requests.push({ transport: 'ws', operation: payload.operationName ?? 'subscription', at: Date.now(), status: 101, headers: ctx.extra.request.headers })
        }
      },
      this.wss
    )
    this.wss.on('connection', (socket) => this.countMessages(socket))
    this.server.on('upgrade', (request, socket, head) => {
      const auth = this.authenticate(request.headers)
      if (this.scenario.faults?.noWebSocket || !auth.ok) {
        socket.end(`HTTP/1.1 ${this.scenario.faults?.noWebSocket ? '503 Service Unavailable' : '401 Unauthorized'}\r\n\r\n`)
        return
      }
      this.wss!.handleUpgrade(request, socket, head, (ws) => this.wss!.emit('connection', ws, request))
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    const autodeploy = this.scenario.autodeploy
    if (autodeploy) {
      for (const service of this.scenario.services) this.later(autodeploy.afterMs, () => this.createDeployment(service, autodeploy.commit))
    }
    return this
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    for (const client of this.wss?.clients ?? []) client.terminate()
    await new Promise<void>((resolve) => this.wss?.close(() => resolve()) ?? resolve())
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve())
  }

  private countMessages(socket: WebSocket): void {
    const typeOf = (data: unknown) => {
      try {
        return String((JSON.parse(String(data)) as { type?: unknown }).type ?? 'unknown')
      } catch {
        return 'unparsable'
      }
    }
    socket.on('message', (data) => this.wsMessages.push({ direction: 'in', type: typeOf(data), at: Date.now() }))
    const send = socket.send.bind(socket) as (...args: unknown[]) => void
    socket.send = ((data: unknown, ...rest: unknown[]) => {
      this.wsMessages.push({ direction: 'out', type: typeOf(data), at: Date.now() })
      send(data, ...rest)
    }) as WebSocket['send']
  }

  service(id: string): ScenarioService | undefined {
    return this.scenario.services.find((s) => s.id === id)
  }

  /** The deployment serving traffic for a service: the newest one that reached SUCCESS. */
  activeDeployment(serviceId: string): FakeDeployment | undefined {
    return [...this.deployments].reverse().find((d) => d.serviceId === serviceId && d.status === 'SUCCESS')
  }

  /** Sets a status now (scripted steps and tests use this) and tells subscribers. */
  setStatus(deployment: FakeDeployment, status: DeploymentStatus): void {
    const now = Date.now()
    deployment.status = status
    deployment.statusUpdatedAt = now
    deployment.history.push({ status, at: now })
    if (status === 'SUCCESS') {
      // Railway switches traffic and removes the deployment that served before.
      for (const other of this.deployments) {
        if (other !== deployment && other.serviceId === deployment.serviceId && other.status === 'SUCCESS') {
          other.status = 'REMOVED'
          other.statusUpdatedAt = now
          other.history.push({ status: 'REMOVED', at: now })
          this.notify(other)
        }
      }
    }
    this.notify(deployment)
  }

  /** Creates a deployment that follows the service's scripted steps. */
  createDeployment(service: ScenarioService, commitHash: string): FakeDeployment {
    const now = Date.now()
    const deployment: FakeDeployment = {
      id: `dep-${service.name}-${++this.counter}-${now.toString(36)}`,
      serviceId: service.id,
      environmentId: ENVIRONMENT.id,
      status: service.steps[0]?.status ?? 'INITIALIZING',
      createdAt: now,
      statusUpdatedAt: now,
      commitHash,
      history: []
    }
    deployment.history.push({ status: deployment.status, at: now })
    this.deployments.push(deployment)
    for (const step of service.steps.slice(1)) this.later(step.at, () => deployment.status !== 'REMOVED' && this.setStatus(deployment, step.status))
    if (service.supersedeAfterMs !== undefined) {
      // A newer push: Railway starts its deployment and removes ours.
      this.later(service.supersedeAfterMs, () => {
        const { supersedeAfterMs: _, ...rest } = service
        this.createDeployment(rest, NEWER_COMMIT)
        this.setStatus(deployment, 'REMOVED')
      })
    }
    return deployment
  }

  /** Runs `fn` after `ms` scenario milliseconds (scaled); cleared on stop. */
  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      fn()
    }, ms * this.timeScale)
    this.timers.add(timer)
  }

  private notify(deployment: FakeDeployment): void {
    for (const listener of this.listeners) listener(deployment)
  }

  /** The subscription: the current state at once, then every change, until the client goes away. */
  private async *deploymentEvents(id: string): AsyncGenerator<{ deployment: object }> {
    const queue: FakeDeployment[] = []
    let wake: (() => void) | undefined
    const listener: Listener = (d) => {
      if (d.id !== id) return
      queue.push(d)
      wake?.()
    }
    this.listeners.add(listener)
    try {
      const first = this.deployments.find((d) => d.id === id)
      if (!first) throw new GraphQLError('Deployment not found')
      yield { deployment: this.toGraphQL(first) }
      for (;;) {
        while (queue.length) yield { deployment: this.toGraphQL(queue.shift()!) }
        await new Promise<void>((resolve) => (wake = resolve))
      }
    } finally {
      this.listeners.delete(listener)
    }
  }

  private toGraphQL(d: FakeDeployment) {
    return {
      id: d.id,
      status: d.status,
      createdAt: new Date(d.createdAt).toISOString(),
      statusUpdatedAt: new Date(d.statusUpdatedAt).toISOString(),
      updatedAt: new Date(d.statusUpdatedAt).toISOString(),
      deploymentStopped: d.status === 'REMOVED' || d.status === 'CRASHED' || d.status === 'FAILED',
      environmentId: d.environmentId,
      projectId: PROJECT.id,
      serviceId: d.serviceId,
      canRollback: d.status === 'SUCCESS' || d.status === 'REMOVED',
      meta: { commitHash: d.commitHash },
      url: null,
      staticUrl: null
    }
  }

  /** Which token was sent, the way Railway reads it: the header name decides the kind. */
  private authenticate(headers: IncomingMessage['headers']): { ok: boolean; error?: string; kind?: 'project' | 'account' } {
    const project = headers['project-access-token']
    const bearer = /^Bearer (.+)$/.exec(String(headers.authorization ?? ''))?.[1]
    if (typeof project === 'string') {
      if (this.scenario.tokenKind === 'project' && project === PROJECT_TOKEN) return { ok: true, kind: 'project' }
      return { ok: false, error: 'Project Token not found' }
    }
    if (bearer) {
      if (this.scenario.tokenKind === 'account' && bearer === ACCOUNT_TOKEN) return { ok: true, kind: 'account' }
      return { ok: false, error: 'Not Authorized' }
    }
    return { ok: false, error: 'Not Authorized' }
  }

  private rootValue(kind: 'project' | 'account') {
    const findService = (id: string) => {
      const service = this.service(id)
      if (!service) throw new GraphQLError('Service not found')
      return service
    }
    const logs = (lines: string[] | undefined, limit?: number | null) => {
      const entries = (lines ?? []).map((message, i) => ({
        message,
        severity: /error|fail/i.test(message) ? 'error' : 'info',
        timestamp: new Date(1_700_000_000_000 + i * 1000).toISOString(),
        attributes: []
      }))
      // Railway returns limit+1 entries; the fake does too, so the action's trimming is exercised.
      return limit ? entries.slice(-(limit + 1)) : entries
    }
    const deploymentOf = (id: string) => {
      const d = this.deployments.find((x) => x.id === id)
      if (!d) throw new GraphQLError('Deployment not found')
      return d
    }
    return {
      projectToken: () => {
        if (kind !== 'project') throw new GraphQLError('Project Token not found')
        return {
          id: 'ptk-1',
          name: 'github-actions',
          projectId: PROJECT.id,
          environmentId: ENVIRONMENT.id,
          project: { id: PROJECT.id, name: PROJECT.name },
          environment: ENVIRONMENT
        }
      },
      project: ({ id }: { id: string }) => {
        if (id !== PROJECT.id) throw new GraphQLError('Project not found')
        return {
          ...PROJECT,
          environments: () => ({ edges: [{ node: ENVIRONMENT }, { node: { id: 'env-0b2f-staging', name: 'staging' } }] }),
          services: () => ({ edges: this.scenario.services.map((s) => ({ node: { id: s.id, name: s.name } })) })
        }
      },
      serviceInstance: ({ serviceId }: { serviceId: string }) => {
        const service = findService(serviceId)
        const latest = [...this.deployments].reverse().find((d) => d.serviceId === serviceId)
        return {
          id: `si-${service.id}`,
          serviceId: service.id,
          serviceName: service.name,
          environmentId: ENVIRONMENT.id,
          healthcheckPath: service.healthcheckPath ?? null,
          healthcheckTimeout: 300,
          latestDeployment: latest ? this.toGraphQL(latest) : null,
          activeDeployments: this.deployments.filter((d) => d.serviceId === serviceId && d.status === 'SUCCESS').map((d) => this.toGraphQL(d)),
          domains: this.domainsOf(service)
        }
      },
      domains: ({ serviceId }: { serviceId: string }) => this.domainsOf(findService(serviceId)),
      environment: ({ id }: { id: string }) => {
        if (id !== ENVIRONMENT.id) throw new GraphQLError('Environment not found')
        return {
          ...ENVIRONMENT,
          volumeInstances: () => {
            if (this.scenario.faults?.volumesUnavailable) throw new GraphQLError('Not Authorized')
            const edges = this.scenario.services
              .filter((s) => s.volume)
              .map((s) => ({
                cursor: `vi-${s.id}`,
                node: {
                  id: `vi-${s.id}`,
                  volumeId: `vol-${s.volume!.name}`,
                  serviceId: s.id,
                  environmentId: ENVIRONMENT.id,
                  mountPath: s.volume!.mountPath,
                  sizeMB: 5000,
                  currentSizeMB: 12.5,
                  isPendingDeletion: false,
                  createdAt: new Date(0).toISOString()
                }
              }))
            return { edges }
          }
        }
      },
      variables: ({ serviceId, unrendered }: { serviceId?: string; unrendered?: boolean }) => {
        if (!serviceId) return {}
        const service = findService(serviceId)
        // Railway adds its own variables to a service with a volume.
        const provided = service.volume ? { RAILWAY_VOLUME_NAME: service.volume.name, RAILWAY_VOLUME_MOUNT_PATH: service.volume.mountPath } : {}
        return unrendered ? { ...provided, ...service.variables, ...(service.unrendered ?? {}) } : { ...provided, ...service.variables }
      },
      serviceInstanceDeployV2: ({ serviceId, commitSha }: { serviceId: string; commitSha?: string | null }) => {
        const service = findService(serviceId)
        if (this.scenario.faults?.commitNotFound) throw new GraphQLError('Commit not found')
        return this.createDeployment(service, commitSha ?? 'latest').id
      },
      deployment: ({ id }: { id: string }) => this.toGraphQL(deploymentOf(id)),
      deployments: ({ input, first }: { input: { serviceId?: string }; first?: number }) => {
        const list = this.deployments
          .filter((d) => !input.serviceId || d.serviceId === input.serviceId)
          .sort((a, b) => b.createdAt - a.createdAt)
          .slice(0, first ?? 20)
        return { edges: list.map((d) => ({ cursor: d.id, node: this.toGraphQL(d) })) }
      },
      buildLogs: ({ deploymentId, limit }: { deploymentId: string; limit?: number }) =>
        logs(this.service(deploymentOf(deploymentId).serviceId)?.buildLogs, limit),
      deploymentLogs: ({ deploymentId, limit }: { deploymentId: string; limit?: number }) =>
        logs(this.service(deploymentOf(deploymentId).serviceId)?.deployLogs, limit),
      deploymentRollback: ({ id }: { id: string }) => {
        const target = deploymentOf(id)
        const service = findService(target.serviceId)
        const rollback = this.createDeployment({ ...service, steps: [{ status: 'SUCCESS', at: 0 }] }, target.commitHash)
        this.setStatus(rollback, 'SUCCESS')
        return true
      }
    }
  }

  /**
   * `railway up`'s REST upload: POST /project/:p/environment/:e/up?serviceId=, body a .tar.gz (read
   * and discarded, at most 50 MB). Answers `{deploymentId, url, logsUrl, deploymentDomain}` like Railway.
   */
  private async handleUpload(
    req: IncomingMessage,
    match: RegExpExecArray,
    send: (status: number, body: unknown, headers?: Record<string, string>) => void
  ): Promise<void> {
    const record = (status: number) => this.requests.push({ transport: 'http', operation: 'up', at: Date.now(), status, headers: req.headers })
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > 50 * 1024 * 1024) {
        record(413)
        return send(413, { message: 'File too large' })
      }
    }
    const auth = this.authenticate(req.headers)
    if (!auth.ok) {
      record(401)
      return send(401, { message: auth.error })
    }
    const [, projectId, environmentId, query] = match
    const serviceId = new URLSearchParams(query ?? '').get('serviceId') ?? ''
    const service = this.service(serviceId)
    if (projectId !== PROJECT.id || environmentId !== ENVIRONMENT.id || !service) {
      record(400)
      return send(400, { message: 'Service not found in this project and environment' })
    }
    const deployment = this.createDeployment(service, UPLOAD_COMMIT)
    record(200)
    send(200, {
      deploymentId: deployment.id,
      url: `https://railway.com/project/${PROJECT.id}/service/${service.id}?id=${deployment.id}`,
      logsUrl: `https://railway.com/project/${PROJECT.id}/service/${service.id}?id=${deployment.id}`,
      deploymentDomain: ''
    })
  }

  /** Public domains point at the sample app; `publicDomainHost` is filled in by the sandbox. */
  publicDomainHost = new Map<string, string>()

  private domainsOf(service: ScenarioService) {
    const host = this.publicDomainHost.get(service.id)
    return {
      customDomains: [],
      serviceDomains: service.publicDomain && host ? [{ id: `sd-${service.id}`, domain: host }] : []
    }
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }
    const upload = /^\/project\/([^/]+)\/environment\/([^/?]+)\/up(?:\?(.*))?$/.exec(req.url ?? '')
    if (req.method === 'POST' && upload) return this.handleUpload(req, upload, send)
    if (req.method !== 'POST' || !req.url?.startsWith('/graphql/v2')) return send(404, { message: 'not found' })
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let payload: { query?: string; variables?: Record<string, unknown>; operationName?: string }
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return send(400, { errors: [{ message: 'Invalid JSON body' }] })
    }
    let document: DocumentNode
    try {
      document = parse(payload.query ?? '')
    } catch (error) {
      return send(400, { errors: [{ message: (error as Error).message }] })
    }
    const operation = document.definitions.find((d) => d.kind === 'OperationDefinition')
    const operationName = (operation && 'name' in operation && operation.name?.value) || 'anonymous'
    const record = (status: number) => this.requests.push({ transport: 'http', operation: operationName, at: Date.now(), status, headers: req.headers })

    this.rateLimitRemaining = Math.max(0, this.rateLimitRemaining - 1)
    const rateHeaders = { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': String(this.rateLimitRemaining) }
    const faultHits = (fault?: { operation?: string }) => !fault?.operation || fault.operation === operationName
    if (this.faults.rateLimited > 0 && faultHits(this.scenario.faults?.rateLimited)) {
      this.faults.rateLimited--
      record(429)
      return send(429, { message: 'Rate limited' }, { ...rateHeaders, 'retry-after': String(this.scenario.faults?.rateLimited?.retryAfterSeconds ?? 1) })
    }
    if (this.faults.serverErrors > 0 && faultHits(this.scenario.faults?.serverErrors)) {
      this.faults.serverErrors--
      record(502)
      return send(502, { message: 'Bad gateway' }, rateHeaders)
    }
    const errors = validate(this.schema, document)
    if (errors.length) {
      record(400)
      return send(400, { errors: errors.map((e) => ({ message: e.message })) }, rateHeaders)
    }
    const auth = this.authenticate(req.headers)
    if (!auth.ok) {
      record(200)
      return send(200, { data: null, errors: [{ message: auth.error }] }, rateHeaders)
    }
    const result = await execute({ schema: this.schema, document, rootValue: this.rootValue(auth.kind!), variableValues: payload.variables })
    if (operationName === 'Deploy' && this.faults.deployReset > 0) {
      // The deployment exists now, but the caller never hears so: the connection drops.
      this.faults.deployReset--
      record(0)
      req.socket.destroy()
      return
    }
    record(200)
    send(200, result, rateHeaders)
  }
}

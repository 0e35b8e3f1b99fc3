import { createClient, type Client } from 'graphql-ws'
import type { Clock } from '../clock.js'
import type { DeploymentFeed, FeedEvent } from '../deploy/feed.js'
import type { WebSocketFactory } from '../deps.js'
import type { Logger } from '../logger.js'
import { DEPLOYMENT_SUBSCRIPTION } from './documents.js'
import { DeploymentData } from './schemas.js'

/**
 * Railway's `deployment(id)` subscription over `graphql-transport-ws`, as a DeploymentFeed. Railway
 * authenticates the WebSocket upgrade by HTTP headers, so the socket comes from `Deps.webSocket`, which
 * can send them. The client connects only when subscribed (`lazy`) and never reconnects on its own:
 * when the socket fails or closes, the feed reports `closed` and the follower falls back to polling,
 * which is always correct, only dearer.
 */

export interface SubscriptionOptions {
  apiUrl: string
  headers: Record<string, string>
  webSocket: WebSocketFactory
  clock: Clock
  log: Logger
  /** Bound on the connection handshake (Railway's own is 10 s). */
  handshakeMs?: number
  /** How often to ping; a ping without a pong within the same time closes the socket. */
  keepAliveMs?: number
}

/** http→ws, https→wss: the subscription endpoint is the GraphQL endpoint. */
export function webSocketUrl(apiUrl: string): string {
  return apiUrl.replace(/^http(s?):\/\//i, (_m, s: string) => `ws${s}://`)
}

interface ClosableSocket {
  readyState?: number
  close(code?: number, reason?: string): void
}

export function openDeploymentSubscription(options: SubscriptionOptions, deploymentId: string): DeploymentFeed {
  const { clock, log } = options
  const handshakeMs = options.handshakeMs ?? 10_000
  const keepAliveMs = options.keepAliveMs ?? 15_000
  const queue: FeedEvent[] = []
  let wake: (() => void) | undefined
  let ended = false
  const push = (event: FeedEvent) => {
    if (ended) return
    if (event.kind === 'closed') ended = true
    queue.push(event)
    wake?.()
  }

  // graphql-ws constructs the socket with `new impl(url, protocol)`; a function that returns the
  // socket from the factory lets the auth headers ride on the upgrade request.
  const factory = options.webSocket
  const headers = options.headers
  function HeaderedWebSocket(url: string, protocol: string | string[]) {
    return factory(url, Array.isArray(protocol) ? protocol : [protocol], headers)
  }
  // graphql-ws checks for the standard ready-state constants on the implementation.
  Object.assign(HeaderedWebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 })

  let socket: ClosableSocket | undefined
  let pongTimer: ReturnType<typeof setTimeout> | undefined
  let client: Client | undefined
  let unsubscribe: (() => void) | undefined
  try {
    client = createClient({
      url: webSocketUrl(options.apiUrl),
      webSocketImpl: HeaderedWebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionAckWaitTimeout: handshakeMs,
      keepAlive: keepAliveMs,
      on: {
        connected: (s) => (socket = s as ClosableSocket),
        ping: (received) => {
          if (received) return
          clearTimeout(pongTimer)
          pongTimer = setTimeout(() => socket?.close(4408, 'no pong from Railway'), keepAliveMs)
          pongTimer.unref?.()
        },
        pong: (received) => {
          if (received) clearTimeout(pongTimer)
        },
        closed: (event) => {
          const close = event as { code?: number; reason?: string }
          push({ kind: 'closed', reason: `the WebSocket closed (${close?.code ?? 'no code'}${close?.reason ? `: ${close.reason}` : ''})` })
        }
      }
    })
    unsubscribe = client.subscribe(
      { query: DEPLOYMENT_SUBSCRIPTION, variables: { id: deploymentId } },
      {
        next: (value) => {
          if (value.errors?.length) {
            push({ kind: 'closed', reason: `the subscription answered an error: ${value.errors.map((e) => e.message).join('; ')}` })
            return
          }
          const parsed = DeploymentData.safeParse(value.data)
          if (parsed.success) push({ kind: 'state', state: parsed.data.deployment })
          else push({ kind: 'closed', reason: 'the subscription sent a deployment of an unexpected shape' })
        },
        error: (error) => push({ kind: 'closed', reason: describe(error) }),
        complete: () => push({ kind: 'closed', reason: 'Railway completed the subscription' })
      }
    )
  } catch (error) {
    push({ kind: 'closed', reason: describe(error) })
  }

  const stop = () => {
    clearTimeout(pongTimer)
    try {
      unsubscribe?.()
      void client?.dispose()
    } catch (error) {
      log.debug(`Closing the deployment subscription: ${describe(error)}`)
    }
  }

  return {
    async next(waitMs, signal) {
      signal?.throwIfAborted()
      if (queue.length === 0 && !ended) {
        const timer = new AbortController()
        const arrived = new Promise<void>((resolve) => (wake = resolve))
        const stop = signal ? AbortSignal.any([timer.signal, signal]) : timer.signal
        await Promise.race([arrived, clock.sleep(waitMs, stop).catch(() => undefined)])
        timer.abort()
        wake = undefined
        signal?.throwIfAborted()
      }
      const event = queue.shift()
      if (event) return event
      return ended ? { kind: 'closed', reason: 'the subscription had already ended' } : { kind: 'idle' }
    },
    close() {
      ended = true
      stop()
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message
  const close = error as { code?: number; reason?: string; type?: string; message?: string }
  if (close && typeof close === 'object') {
    if (close.code !== undefined) return `the WebSocket closed (${close.code}${close.reason ? `: ${close.reason}` : ''})`
    if (close.message) return close.message
    if (close.type) return `WebSocket ${close.type}`
  }
  return String(error)
}

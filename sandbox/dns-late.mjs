/**
 * A resolver that does not know `localhost` yet: loaded into the action's process by the sandbox
 * (`node --import`), the way a runner's own DNS would be, for the scenario of a new domain whose name
 * resolves only after a while. Until SANDBOX_DNS_FAIL_MS (ms after start) lookups of SANDBOX_DNS_NAME
 * fail with ENOTFOUND, as getaddrinfo does; then they resolve as usual. Nothing else is touched.
 */
import dns from 'node:dns'

const name = process.env.SANDBOX_DNS_NAME ?? 'localhost'
const until = Date.now() + Number(process.env.SANDBOX_DNS_FAIL_MS ?? 0)
const lookup = dns.lookup

dns.lookup = function lateLookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback
  if (hostname === name && Date.now() < until) {
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname })
    process.nextTick(done, error)
    return {}
  }
  return lookup.call(this, hostname, options, callback)
}

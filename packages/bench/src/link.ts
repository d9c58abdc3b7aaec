/**
 * A network link for the bench, not loopback: two network namespaces joined by a veth pair, a `tbf`
 * rate limit on both ends of it (this kernel has `tbf`; `netem` is often missing, so the round trip
 * is the emulator's `--latency`). The server side holds the emulator, the client side each measured
 * client; the bytes a client received are the client end's `rx_bytes`, headers and TCP included.
 *
 * The namespaces and their veth pair are the bench's own, named after its process id, and removed
 * when the link is closed, when the process exits, and on SIGINT or SIGTERM; namespaces left by a
 * bench process that no longer runs are removed before a new link is made.
 *
 * @since 0.3.0
 */
import { spawnSync } from "node:child_process"

const prefix = "sutro-bench-"

const run = (args: ReadonlyArray<string>, input?: string) => {
  const result = spawnSync(args[0], args.slice(1), { encoding: "utf8", input })
  return { ok: result.status === 0, out: `${result.stdout ?? ""}${result.stderr ?? ""}`.trim(), error: result.error }
}

const must = (args: ReadonlyArray<string>) => {
  const result = run(args)
  if (!result.ok) throw new Error(`${args.join(" ")}: ${result.error?.message ?? result.out}`)
  return result.out
}

/**
 * Why a link cannot be made here, or `undefined` when it can: namespaces and qdiscs need root (or
 * CAP_NET_ADMIN), iproute2's `ip` and `tc`, and a kernel with veth and `tbf`.
 *
 * @since 0.3.0
 * @category guards
 */
export const unavailable = (): string | undefined => {
  if (process.platform !== "linux") return `skipped: network namespaces are Linux only (this is ${process.platform})`
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    return "skipped: making network namespaces and a tbf qdisc needs root (run `pnpm bench` as root, e.g. in CI)"
  }
  for (const tool of ["ip", "tc"]) {
    const probe = run([tool, "-V"])
    if (probe.error !== undefined) return `skipped: \`${tool}\` (iproute2) is not installed`
  }
  return undefined
}

/**
 * @since 0.3.0
 * @category models
 */
export interface LinkOptions {
  /** The rate of the link in Mbit/s, each way. */
  readonly rateMbit: number
}

/**
 * @since 0.3.0
 * @category models
 */
export interface Link {
  /** The address the server listens on, in the server namespace. */
  readonly serverHost: string
  /** A command prefix that runs a program in the server namespace. */
  readonly inServer: ReadonlyArray<string>
  /** A command prefix that runs a program in the client namespace. */
  readonly inClient: ReadonlyArray<string>
  /** Bytes received so far by the client end of the link. */
  readonly clientRxBytes: () => number
  readonly close: () => void
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** Namespaces left behind by bench processes that are gone (killed with SIGKILL, say). */
const removeStale = () => {
  const names = run(["ip", "netns", "list"]).out.split("\n").map((line) => line.split(" ")[0])
  for (const name of names) {
    const match = new RegExp(`^${prefix}(?:srv|cli)-(\\d+)$`).exec(name)
    if (match !== null && !alive(Number(match[1]))) run(["ip", "netns", "del", name])
  }
}

/**
 * Makes the link. Throws with the failing command when the kernel refuses a step (after removing
 * what it had made).
 *
 * @since 0.3.0
 * @category constructors
 */
export const make = (options: LinkOptions): Link => {
  removeStale()
  const id = process.pid
  const server = `${prefix}srv-${id}`
  const client = `${prefix}cli-${id}`
  // interface names are at most 15 characters
  const serverIf = `sbs${id % 1_000_000}`
  const clientIf = `sbc${id % 1_000_000}`
  const serverHost = "10.213.0.1"
  const clientHost = "10.213.0.2"
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    run(["ip", "netns", "del", server])
    run(["ip", "netns", "del", client])
    process.off("exit", close)
    process.off("SIGINT", onSignal)
    process.off("SIGTERM", onSignal)
  }
  const onSignal = (signal: NodeJS.Signals) => {
    close()
    process.kill(process.pid, signal)
  }
  process.on("exit", close)
  process.once("SIGINT", onSignal)
  process.once("SIGTERM", onSignal)
  try {
    must(["ip", "netns", "add", server])
    must(["ip", "netns", "add", client])
    must(["ip", "link", "add", serverIf, "netns", server, "type", "veth", "peer", "name", clientIf, "netns", client])
    // A burst of about 10 ms at the rate, and a queue of at most 50 ms: the link, not a buffer, sets the pace.
    const burst = `${Math.max(16, Math.ceil(options.rateMbit * 10 / 8))}kb`
    for (const [ns, iface, address] of [[server, serverIf, serverHost], [client, clientIf, clientHost]] as const) {
      must(["ip", "-n", ns, "addr", "add", `${address}/30`, "dev", iface])
      must(["ip", "-n", ns, "link", "set", iface, "up"])
      must(["ip", "-n", ns, "link", "set", "lo", "up"])
      must([
        "tc",
        "-n",
        ns,
        "qdisc",
        "add",
        "dev",
        iface,
        "root",
        "tbf",
        "rate",
        `${options.rateMbit}mbit`,
        "burst",
        burst,
        "latency",
        "50ms"
      ])
    }
  } catch (error) {
    close()
    throw error
  }
  return {
    serverHost,
    inServer: ["ip", "netns", "exec", server],
    inClient: ["ip", "netns", "exec", client],
    clientRxBytes: () =>
      Number(must(["ip", "netns", "exec", client, "cat", `/sys/class/net/${clientIf}/statistics/rx_bytes`])),
    close
  }
}

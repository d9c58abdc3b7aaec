/**
 * Interim (`1xx`) responses over undici. RFC 9110 §15.2: a client accepts any number of them before
 * the final response, even unasked. undici's HTTP/1.1 parser destroys the connection on a
 * `100 Continue` it did not ask for ("bad response"), so the socket of each connection gets a
 * filter: from a request's first bytes written until the final response's status line is read, a
 * leading interim head (protocol's `Transport.leadingInterimHead`) is dropped before undici's parser
 * reads it. The rest of a response passes untouched.
 *
 * @internal
 */
import * as Transport from "@sutro-effect/protocol/Transport"
import type * as net from "node:net"

const requestLine = /^[A-Z]+ \S+ HTTP\/1\.1\r\n/
const empty = Buffer.alloc(0)
const filtered = Symbol.for("@sutro-effect/node/interimFilter")

/**
 * Filters interim heads out of what undici reads from `socket` (which it reads with `socket.read()`
 * on `readable`). Idempotent.
 */
export const filterInterim = (socket: net.Socket): void => {
  const marked = socket as net.Socket & { [filtered]?: true }
  if (marked[filtered]) return
  marked[filtered] = true
  const write = socket.write
  const read = socket.read
  // True from a request's head written until its final status line is read.
  let atHead = false
  let pending: Buffer | undefined
  socket.write = function(this: net.Socket, chunk: unknown, ...rest: Array<unknown>): boolean {
    if (typeof chunk === "string" && requestLine.test(chunk)) {
      atHead = true
      pending = undefined
    }
    return (write as (...args: Array<unknown>) => boolean).call(this, chunk, ...rest)
  } as typeof socket.write
  socket.read = function(this: net.Socket, size?: number): unknown {
    const chunk: unknown = read.call(this, size)
    if (!atHead || !Buffer.isBuffer(chunk)) return chunk
    let bytes = pending === undefined ? chunk : Buffer.concat([pending, chunk])
    pending = undefined
    for (;;) {
      const head = Transport.leadingInterimHead(bytes)
      if (head === "final") {
        atHead = false
        return bytes
      }
      if (head === "more") {
        // Held until more bytes arrive (the next `readable`); an empty read keeps undici reading.
        pending = bytes
        return empty
      }
      bytes = bytes.subarray(head)
    }
  } as typeof socket.read
}

/** What an undici connector calls back with. */
type Connected = [null, net.Socket] | [Error, null]

/** An undici connector whose sockets filter interim heads out. */
export const acceptInterim = <Options>(
  connect: (options: Options, callback: (...args: Connected) => void) => void
) =>
(options: Options, callback: (...args: Connected) => void): void =>
  connect(options, (...args) => {
    if (args[0] === null) filterInterim(args[1])
    callback(...args)
  })

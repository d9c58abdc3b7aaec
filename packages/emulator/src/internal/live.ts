// Live mode and the change log. The store calls `record` after every insert or replacement; a tick
// moves each active job one step with seeded draws and may add new jobs. Active jobs are kept in
// insertion order (a Map), so the same seed and the same operations always draw the same numbers.
import type * as Job from "@sutro-effect/core/Job"
import * as JobStatus from "@sutro-effect/core/JobStatus"
import * as Timestamp from "@sutro-effect/core/Timestamp"
import * as Either from "effect/Either"
import type * as Http from "node:http"
import type * as Live from "../Live.js"
import * as Generate from "./generate.js"
import * as JobsInput from "./jobsInput.js"
import { hash2, Prng } from "./prng.js"
import * as Server from "./server.js"
import type { Store } from "./store.js"

/** Above this many entries the oldest half of the change log is dropped. */
export const maxChanges = 100_000

/** The most ticks one `POST /_emulator/tick` runs. */
export const maxTicksPerRequest = 10_000

type Moving = "QUEUED" | "STARTING" | "RUNNING" | "CANCELLING"
const moving: ReadonlySet<string> = new Set<Moving>(["QUEUED", "STARTING", "RUNNING", "CANCELLING"])

/** The canonical status of a job when live mode moves it, or undefined when it stays as it is. */
const movingStage = (job: Job.JobEncoded): Moving | undefined => movingStatus(job.status)

const movingStatus = (status: string): Moving | undefined => {
  const known = JobStatus.normalize(status)
  return known !== undefined && moving.has(known) ? known as Moving : undefined
}

/** Whether two JSON values are equal: primitives by `===`, objects by their JSON text. */
const sameValue = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === "object" && typeof b === "object" && a !== null && b !== null &&
    JSON.stringify(a) === JSON.stringify(b))

export interface Config {
  readonly seed: number
  readonly arrivals: number
}

export class ChangeLog {
  private changes: Array<Live.Change> = []
  private seq = 0
  /** The jobs live mode moves, each with its stage, in the order they started moving. */
  private readonly active = new Map<string, Moving>()
  private rng: Prng | undefined
  private arrivals = 0
  private seed = 0
  private born = 0
  tick = 0
  private source: Live.Change["source"] = "control"
  private now: () => number = Date.now

  constructor(private readonly store: Store) {
    store.onInsert = (previous, job) => this.record(previous, job)
  }

  /** Turns live mode on: every job the store holds in a moving status starts moving. */
  start(config: Config): void {
    this.rng = new Prng(hash2(config.seed, 0x11fe))
    this.seed = config.seed
    this.arrivals = config.arrivals
    for (let i = 0; i < this.store.size; i++) {
      const entry = this.store.at(i)
      const stage = movingStatus(this.store.status(entry))
      if (stage !== undefined) this.active.set(entry.id, stage)
    }
  }

  get live(): boolean {
    return this.rng !== undefined
  }

  get activeCount(): number {
    return this.active.size
  }

  list(after = 0): Array<Live.Change> {
    return after <= 0 ? this.changes.slice() : this.changes.filter((change) => change.seq > after)
  }

  clear(): void {
    this.changes = []
  }

  private record(previous: Job.JobEncoded | undefined, job: Job.JobEncoded): void {
    const stage = movingStage(job)
    if (stage !== undefined) this.active.set(job.job_id, stage)
    else this.active.delete(job.job_id)
    const fields: Array<string> = []
    if (previous === undefined) fields.push(...Object.keys(job))
    else {
      const keys = new Set([...Object.keys(previous), ...Object.keys(job)])
      for (const key of keys) {
        if (!sameValue((previous as Record<string, unknown>)[key], (job as Record<string, unknown>)[key])) {
          fields.push(key)
        }
      }
    }
    if (previous !== undefined && fields.length === 0) return
    this.changes.push({
      seq: ++this.seq,
      time: new Date(this.now()).toISOString(),
      tick: this.tick,
      job_id: job.job_id,
      kind: previous === undefined ? "inserted" : "updated",
      source: this.source,
      status: job.status,
      previous_status: previous === undefined ? null : previous.status,
      fields
    })
    if (this.changes.length > maxChanges) this.changes.splice(0, maxChanges / 2)
  }

  /** Runs `f` with changes attributed to `source` and timestamped by `now`. */
  private as<A>(source: Live.Change["source"], now: number, f: () => A): A {
    const [savedSource, savedNow] = [this.source, this.now]
    this.source = source
    this.now = () => now
    try {
      return f()
    } finally {
      this.source = savedSource
      this.now = savedNow
    }
  }

  /** Changes made through the control API or the programmatic one. */
  control<A>(f: () => A): A {
    return this.as("control", Date.now(), f)
  }

  /** One tick at `now` (epoch millis): each active job may move one step, then new jobs may arrive. */
  advance(now: number): void {
    const rng = this.rng
    if (rng === undefined) return
    this.tick++
    this.as("live", now, () => {
      const updates: Array<Job.JobEncoded> = []
      for (const [id, stage] of Array.from(this.active)) {
        // The draw decides whether the job moves; only a job that moves is read from the store.
        const next = step(stage, rng.next(), () => this.store.get(id), rng, now)
        if (next !== undefined) updates.push(next)
      }
      this.store.insert(updates)
      const whole = Math.floor(this.arrivals)
      const count = whole + (rng.chance(this.arrivals - whole) ? 1 : 0)
      const born: Array<Job.JobEncoded> = []
      for (let i = 0; i < count; i++) born.push(this.newJob(now))
      this.store.insert(born)
    })
  }

  private newJob(now: number): Job.JobEncoded {
    const index = this.born++
    const seed = hash2(this.seed, 0x0b0e)
    const base = Generate.jobAt(seed, index, now, now, now)
    return {
      ...base,
      status: "QUEUED",
      datetime_created: Timestamp.formatMillis(now),
      datetime_started: null,
      datetime_completed: null,
      input_tokens: null,
      output_tokens: null,
      job_cost: null,
      failure_reason: null,
      job_id: `job-live-${hash2(seed, index).toString(16).padStart(8, "0")}-${index.toString(36).padStart(4, "0")}`
    }
  }
}

const failures = ["Model failed to load", "Input exceeds the model's context window", "Internal error"]

/**
 * The job after one tick, or undefined when it does not change in this tick: `draw` decides, and
 * `read` gives the job only when it changes (a tick over a million stored jobs reads only those).
 */
const step = (
  stage: Moving,
  draw: number,
  read: () => Job.JobEncoded | undefined,
  rng: Prng,
  now: number
): Job.JobEncoded | undefined => {
  const change = (f: (job: Job.JobEncoded, at: string) => Job.JobEncoded): Job.JobEncoded | undefined => {
    const job = read()
    return job === undefined ? undefined : f(job, Timestamp.formatMillis(now))
  }
  switch (stage) {
    case "QUEUED":
      if (draw < 0.02) return change((job, at) => ({ ...job, status: "CANCELLED", datetime_completed: at }))
      return draw < 0.5 ? change((job) => ({ ...job, status: "STARTING" })) : undefined
    case "STARTING":
      return draw < 0.5
        ? change((job, at) => ({ ...job, status: "RUNNING", datetime_started: job.datetime_started ?? at }))
        : undefined
    case "RUNNING": {
      if (draw < 0.2) {
        return change((job, at) => {
          const rows = job.num_rows ?? 100
          const input = rows * 300, output = rows * 120
          return {
            ...job,
            status: "SUCCEEDED",
            datetime_completed: at,
            input_tokens: input,
            output_tokens: output,
            job_cost: Math.round((input + output) * 0.1) / 1e6
          }
        })
      }
      if (draw < 0.25) {
        const message = rng.pick(failures)
        return change((job, at) => ({ ...job, status: "FAILED", datetime_completed: at, failure_reason: { message } }))
      }
      if (draw < 0.28) return change((job) => ({ ...job, status: "CANCELLING" }))
      if (draw < 0.4) {
        // Progress: the token counts grow while a job runs.
        return change((job) => {
          const rows = job.num_rows ?? 100
          const done = Math.min(rows, (job.input_tokens ?? 0) / 300 + Math.ceil(rows / 10))
          return { ...job, input_tokens: Math.round(done * 300), output_tokens: Math.round(done * 120) }
        })
      }
      return undefined
    }
    case "CANCELLING":
      return draw < 0.5 ? change((job, at) => ({ ...job, status: "CANCELLED", datetime_completed: at })) : undefined
  }
}

/** The control routes of live mode and the change log, for the server's `routes` hook. */
export const routes = (log: ChangeLog, store: Store, now: () => number) =>
(
  req: Http.IncomingMessage,
  res: Http.ServerResponse,
  path: string,
  method: string
): boolean => {
  const allow = (allowed: ReadonlyArray<string>): boolean => {
    if (allowed.includes(method)) return true
    res.setHeader("allow", allowed.join(", "))
    Server.sendJson(
      res,
      method === "OPTIONS" ? 204 : 405,
      method === "OPTIONS" ? undefined : { detail: "Method Not Allowed" }
    )
    return false
  }
  if (path === "/_emulator/changes") {
    if (!allow(["GET", "DELETE"])) return true
    if (method === "DELETE") {
      log.clear()
      Server.sendJson(res, 204, undefined)
      return true
    }
    const raw = Server.requestUrl(req.url)?.searchParams.get("after") ?? null
    // A seq of the change log; anything else (a malformed % escape decoded as it stands, "abc", -1)
    // is refused rather than read as 0, which would answer the whole log.
    if (raw !== null && !/^\d{1,15}$/.test(raw)) {
      Server.sendJson(res, 422, {
        detail: `after must be a seq of the change log (a whole number >= 0), got ${JSON.stringify(raw.slice(0, 100))}`
      })
      return true
    }
    Server.sendJson(res, 200, { tick: log.tick, changes: log.list(raw === null ? 0 : Number(raw)) })
    return true
  }
  if (path === "/_emulator/live") {
    if (!allow(["GET"])) return true
    Server.sendJson(res, 200, { live: log.live, tick: log.tick, active: log.activeCount, jobs: store.size })
    return true
  }
  if (path === "/_emulator/tick") {
    if (!allow(["POST"])) return true
    Server.readJson(req, res, (body) => {
      if (!log.live) return Server.sendJson(res, 409, { detail: "Live mode is off: start the emulator with --live" })
      const ticks = typeof body === "object" && body !== null && "ticks" in body ? body.ticks : 1
      if (typeof ticks !== "number" || !Number.isInteger(ticks) || ticks < 1 || ticks > maxTicksPerRequest) {
        return Server.sendJson(res, 422, { detail: `ticks must be a whole number from 1 to ${maxTicksPerRequest}` })
      }
      for (let i = 0; i < ticks; i++) log.advance(now())
      Server.sendJson(res, 200, { tick: log.tick })
    })
    return true
  }
  const match = /^\/_emulator\/jobs\/([^/]+)$/.exec(path)
  if (match !== null) {
    if (!allow(["GET", "PATCH", "POST"])) return true
    let id: string
    try {
      id = decodeURIComponent(match[1])
    } catch {
      Server.sendJson(res, 400, {
        detail: `The job id in the path is not valid percent-encoding: ${
          JSON.stringify(match[1])
        } (escape % as %25, and each byte of UTF-8 as %XX)`
      })
      return true
    }
    const job = store.get(id)
    if (job === undefined) {
      Server.sendJson(res, 404, { detail: `No job ${JSON.stringify(id)}` })
      return true
    }
    if (method === "GET") {
      Server.sendJson(res, 200, job)
      return true
    }
    Server.readJson(req, res, (body) => {
      const merged = JobsInput.merge(job, body)
      if (Either.isLeft(merged)) return Server.sendJson(res, 422, { detail: merged.left })
      log.control(() => store.insert([merged.right]))
      Server.sendJson(res, 200, merged.right)
    })
    return true
  }
  return false
}

/**
 * The status of a job.
 *
 * The real service sends the canonical uppercase values, but older deployments and the docs'
 * own example use lowercase (`"succeeded"`) and two legacy values (`pending`, `submitted`); a new
 * status may appear at any time. Decoding therefore:
 *
 * - accepts any case (and surrounding whitespace) and yields the canonical spelling;
 * - maps the legacy `pending` and `submitted` to `"QUEUED"`: both meant "accepted, not started";
 * - keeps a value it does not know as an {@link Unrecognized} status holding the raw text, so a
 *   new server-side status never breaks a listing and is still visible to the caller.
 *
 * @since 0.1.0
 */
import * as Protocol from "@sutro-effect/protocol/JobStatus"
import * as Data from "effect/Data"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import {
  annotate,
  asCodec,
  checkString,
  instanceOfFromRaw,
  isUnchecked,
  Literals,
  transform,
  unchecked,
  Union
} from "./internal/compat.js"

/**
 * The canonical statuses, in lifecycle order.
 *
 * @since 0.1.0
 * @category constants
 */
export const known: typeof Protocol.known = Protocol.known

/**
 * One of the canonical statuses.
 *
 * @since 0.1.0
 * @category models
 */
export type Known = Protocol.Known

/**
 * Legacy spellings and what they decode to.
 *
 * @since 0.1.0
 * @category constants
 */
export const legacy: { readonly [raw: string]: Known } = Protocol.legacy

/**
 * The canonical status for a raw value, or `undefined` when the value is not a known spelling
 * (any case) of a canonical or legacy status.
 *
 * @since 0.1.0
 * @category parsing
 */
export const normalize: (raw: string) => Known | undefined = Protocol.normalize

const unrecognizedProblem = (raw: string): string | undefined =>
  normalize(raw) === undefined ? undefined : "a recognized status is not Unrecognized"

/**
 * A status the SDK does not know, with the text the server sent. A plain tagged class (`Data.TaggedClass`),
 * not a schema class: decoding a page builds one without bringing Effect's Schema module into a bundle. The
 * constructor checks `raw` (a `TypeError` for a recognized status); its second argument skips the check.
 * Its schema is {@link UnrecognizedJobStatus}.
 *
 * @since 0.1.0
 * @category models
 */
export class Unrecognized extends Data.TaggedClass("UnrecognizedJobStatus")<{ readonly raw: string }> {
  constructor(props: { readonly raw: string }, options?: Schema.MakeOptions) {
    if (!isUnchecked(options)) {
      const raw: unknown = props?.raw
      if (typeof raw !== "string") throw new TypeError(`UnrecognizedJobStatus: raw must be a string, got ${typeof raw}`)
      const problem = unrecognizedProblem(raw)
      if (problem !== undefined) throw new TypeError(`UnrecognizedJobStatus: ${problem} (${JSON.stringify(raw)})`)
    }
    super(props)
  }

  /**
   * @since 0.1.0
   */
  override toString(): string {
    return this.raw
  }
}

/**
 * A decoded status: a canonical value, or an {@link Unrecognized} one.
 *
 * @since 0.1.0
 * @category models
 */
export type JobStatus = Known | Unrecognized

/**
 * The canonical statuses as a schema (exact spelling only).
 *
 * @since 0.1.0
 * @category schemas
 */
export const KnownJobStatus = /* @__PURE__ */ Literals(known)

/**
 * The wire form of an {@link Unrecognized} status, as its schema encodes it.
 *
 * @since 0.1.0
 * @category models
 */
export interface UnrecognizedEncoded {
  readonly _tag: "UnrecognizedJobStatus"
  readonly raw: string
}

// Built in functions called under a pure annotation: a bundle that uses no schema leaves them out.
function unrecognizedSchema() {
  const raw = checkString(unrecognizedProblem)
  const make = (raw: string) => new Unrecognized({ raw }, unchecked)
  return asCodec<Unrecognized, UnrecognizedEncoded>(
    transform(
      Schema.Struct({ _tag: Literals(["UnrecognizedJobStatus"]), raw }),
      instanceOfFromRaw(Unrecognized, raw, make),
      {
        decode: ({ raw }: { readonly raw: string }) => make(raw),
        encode: (status: Unrecognized) => ({ _tag: status._tag, raw: status.raw })
      }
    ).pipe(annotate({ identifier: "UnrecognizedJobStatus" })) as never
  )
}

/**
 * The schema of an {@link Unrecognized} status (what the class itself was before it became a plain class):
 * `{ _tag: "UnrecognizedJobStatus", raw }` on the wire, the class in code; a recognized `raw` fails.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UnrecognizedJobStatus = /* @__PURE__ */ unrecognizedSchema()

function jobStatusSchema() {
  return asCodec<JobStatus, string>(
    transform(Schema.String, Union([KnownJobStatus, UnrecognizedJobStatus]), {
      decode: (raw: string) => normalize(raw) ?? { _tag: "UnrecognizedJobStatus" as const, raw },
      encode: (status) => typeof status === "string" ? status : status.raw
    }).pipe(annotate({ identifier: "JobStatus" }))
  )
}

/**
 * Decodes any string into a {@link JobStatus} and encodes back to the wire text (the canonical
 * spelling, or the raw text of an unrecognized status).
 *
 * @since 0.1.0
 * @category schemas
 */
export const JobStatus = /* @__PURE__ */ jobStatusSchema()

/**
 * Builds a status from any text, exactly as decoding does.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromString = (raw: string): JobStatus => normalize(raw) ?? new Unrecognized({ raw }, unchecked)

/**
 * @since 0.1.0
 * @category guards
 */
export const isKnown = (status: JobStatus): status is Known => typeof status === "string"

/**
 * @since 0.1.0
 * @category guards
 */
export const isUnrecognized = (status: JobStatus): status is Unrecognized =>
  Predicate.isTagged(status, "UnrecognizedJobStatus")

/**
 * The text of a status: the canonical value, or the raw text of an unrecognized one.
 *
 * @since 0.1.0
 * @category getters
 */
export const toString = (status: JobStatus): string => typeof status === "string" ? status : status.raw

/**
 * Whether a job in this status will not run any further. Matches the official Python SDK, which
 * counts `CANCELLING` as terminal (the job does no more work). An unrecognized status is not
 * terminal: the caller cannot know, and polling code must not stop on it.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isTerminal = (status: JobStatus): boolean => isKnown(status) && Protocol.isTerminal(status)

/**
 * Whether a job in this status has reached its last status (`SUCCEEDED`, `FAILED`, `CANCELLED`): what the
 * watch, `waitFor` and `sutro-jobs` call finished. Unlike {@link isTerminal}, `CANCELLING` is not final: it
 * still changes to `CANCELLED`. An unrecognized status is not final.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isFinal = (status: JobStatus): boolean => isKnown(status) && Protocol.isFinal(status)
// @generated by scripts/one-source.mjs from packages/effect4/core/src/JobStatus.ts: edit that file, then run `pnpm one-source`

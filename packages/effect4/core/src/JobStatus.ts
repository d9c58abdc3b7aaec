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
 * @since 1.0.0 (Effect 3: 0.1.0)
 */
import * as Protocol from "@sutro-effect/protocol/JobStatus"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { annotate, asCodec, checkString, Literals, transform, unchecked, Union } from "./internal/compat.js"

/**
 * The canonical statuses, in lifecycle order.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constants
 */
export const known: typeof Protocol.known = Protocol.known

/**
 * One of the canonical statuses.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export type Known = Protocol.Known

/**
 * Legacy spellings and what they decode to.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constants
 */
export const legacy: { readonly [raw: string]: Known } = Protocol.legacy

/**
 * The canonical status for a raw value, or `undefined` when the value is not a known spelling
 * (any case) of a canonical or legacy status.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category parsing
 */
export const normalize: (raw: string) => Known | undefined = Protocol.normalize

/**
 * A status the SDK does not know, with the text the server sent.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export class Unrecognized extends Schema.TaggedClass<Unrecognized>("@sutro-effect/core/JobStatus/Unrecognized")(
  "UnrecognizedJobStatus",
  {
    raw: checkString((raw) => normalize(raw) === undefined || "a recognized status is not Unrecognized")
  }
) {
  /**
   * @since 1.0.0 (Effect 3: 0.1.0)
   */
  override toString(): string {
    return this.raw
  }
}

/**
 * A decoded status: a canonical value, or an {@link Unrecognized} one.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category models
 */
export type JobStatus = Known | Unrecognized

/**
 * The canonical statuses as a schema (exact spelling only).
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schemas
 */
export const KnownJobStatus = Literals(known)

/**
 * Decodes any string into a {@link JobStatus} and encodes back to the wire text (the canonical
 * spelling, or the raw text of an unrecognized status).
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category schemas
 */
export const JobStatus = asCodec<JobStatus, string>(
  transform(Schema.String, Union([KnownJobStatus, Unrecognized]), {
    decode: (raw: string) => normalize(raw) ?? { _tag: "UnrecognizedJobStatus" as const, raw },
    encode: (status) => typeof status === "string" ? status : status.raw
  }).pipe(annotate({ identifier: "JobStatus" }))
)

/**
 * Builds a status from any text, exactly as decoding does.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category constructors
 */
export const fromString = (raw: string): JobStatus => normalize(raw) ?? new Unrecognized({ raw }, unchecked)

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category guards
 */
export const isKnown = (status: JobStatus): status is Known => typeof status === "string"

/**
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category guards
 */
export const isUnrecognized = (status: JobStatus): status is Unrecognized =>
  Predicate.isTagged(status, "UnrecognizedJobStatus")

/**
 * The text of a status: the canonical value, or the raw text of an unrecognized one.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category getters
 */
export const toString = (status: JobStatus): string => typeof status === "string" ? status : status.raw

/**
 * Whether a job in this status will not run any further. Matches the official Python SDK, which
 * counts `CANCELLING` as terminal (the job does no more work). An unrecognized status is not
 * terminal: the caller cannot know, and polling code must not stop on it.
 *
 * @since 1.0.0 (Effect 3: 0.1.0)
 * @category predicates
 */
export const isTerminal = (status: JobStatus): boolean => isKnown(status) && Protocol.isTerminal(status)

/**
 * Whether a job in this status has reached its last status (`SUCCEEDED`, `FAILED`, `CANCELLED`): what the
 * watch, `waitFor` and `sutro-jobs` call finished. Unlike {@link isTerminal}, `CANCELLING` is not final: it
 * still changes to `CANCELLED`. An unrecognized status is not final.
 *
 * @since 1.1.0 (Effect 3: 0.2.0)
 * @category predicates
 */
export const isFinal = (status: JobStatus): boolean => isKnown(status) && Protocol.isFinal(status)

/**
 * Where `sutro-jobs` finds its API URL and key. Highest first, as the official SDK does:
 *
 * 1. the `--api-url` / `--api-key` flags;
 * 2. the `SUTRO_API_URL` / `SUTRO_API_KEY` environment variables;
 * 3. `$HOME/.sutro/config.json` with `api_url` / `api_key`.
 *
 * Each value is resolved on its own, so a URL from the environment and a key from the file combine.
 * Blank values count as unset. The key stays `Redacted` throughout.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as SutroClient from "@sutro-effect/client/SutroClient"
import * as SutroError from "@sutro-effect/core/SutroError"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/**
 * Where a value came from.
 *
 * @since 0.1.0
 * @category models
 */
export type Source = "flag" | "environment" | "config file" | "default"

/**
 * What the flags gave.
 *
 * @since 0.1.0
 * @category models
 */
export interface Flags {
  readonly apiUrl: Option.Option<string>
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
}

/**
 * The contents of `~/.sutro/config.json` that matter here.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConfigFile {
  readonly path: string
  readonly apiUrl: string | undefined
  readonly apiKey: Redacted.Redacted<string> | undefined
}

/**
 * The resolved settings. `apiUrl` is undefined when nothing set it (the client's default applies).
 *
 * @since 0.1.0
 * @category models
 */
export interface Settings {
  readonly apiUrl: string | undefined
  readonly apiUrlSource: Source
  readonly apiKey: Redacted.Redacted<string> | undefined
  readonly apiKeySource: Source | undefined
  readonly configFile: string | undefined
}

/**
 * The client's default base URL, used when nothing else is set.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultApiUrl: string = SutroClient.defaultBaseUrl

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== ""

/**
 * Picks each value from the highest source that has it.
 *
 * @since 0.1.0
 * @category resolution
 */
export const resolve = (input: {
  readonly flags: Flags
  readonly env: { readonly SUTRO_API_URL?: string | undefined; readonly SUTRO_API_KEY?: string | undefined }
  readonly file: ConfigFile | undefined
}): Settings => {
  const { env, file, flags } = input
  const flagUrl = Option.getOrUndefined(flags.apiUrl)
  const flagKey = Option.getOrUndefined(flags.apiKey)
  let apiUrl: string | undefined
  let apiUrlSource: Source = "default"
  if (present(flagUrl)) [apiUrl, apiUrlSource] = [flagUrl.trim(), "flag"]
  else if (present(env.SUTRO_API_URL)) [apiUrl, apiUrlSource] = [env.SUTRO_API_URL.trim(), "environment"]
  else if (present(file?.apiUrl)) [apiUrl, apiUrlSource] = [file.apiUrl.trim(), "config file"]
  let apiKey: Redacted.Redacted<string> | undefined
  let apiKeySource: Source | undefined
  if (flagKey !== undefined && present(Redacted.value(flagKey))) [apiKey, apiKeySource] = [flagKey, "flag"]
  else if (present(env.SUTRO_API_KEY)) [apiKey, apiKeySource] = [Redacted.make(env.SUTRO_API_KEY), "environment"]
  else if (file?.apiKey !== undefined && present(Redacted.value(file.apiKey))) {
    ;[apiKey, apiKeySource] = [file.apiKey, "config file"]
  }
  return { apiUrl, apiUrlSource, apiKey, apiKeySource, configFile: file?.path }
}

/**
 * What `~/.sutro/config.json` may hold: a JSON object whose `api_url` and `api_key` are strings
 * (or null, or absent); other keys are ignored. The key decodes to a `Redacted`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConfigFileJson = Schema.parseJson(Schema.Struct({
  api_url: Schema.optionalWith(Schema.String, { nullable: true }),
  api_key: Schema.optionalWith(Schema.Redacted(Schema.String), { nullable: true })
}))

const invalidConfig = (path: string, error: ParseResult.ParseError): SutroError.ConfigurationError => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  const detail = issue.path.length > 0
    ? `${issue.path.map(String).join(".")} in ${path} must be a string`
    : issue._tag === "Transformation"
    ? `${path} is not valid JSON; fix it or remove it`
    : `${path} must hold a JSON object with api_url and api_key`
  return new SutroError.ConfigurationError({ reason: "InvalidOption", detail })
}

/**
 * Reads the text of a config file. A file that is not JSON, or whose `api_url` / `api_key` are not
 * strings, is a configuration error: silently ignoring it would send requests somewhere unexpected.
 * The message names the file and the key, never the value.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseConfigFile = (
  path: string,
  text: string
): Either.Either<ConfigFile, SutroError.ConfigurationError> =>
  Either.match(Schema.decodeUnknownEither(ConfigFileJson)(text), {
    onLeft: (error) => Either.left(invalidConfig(path, error)),
    onRight: (config) => Either.right({ path, apiUrl: config.api_url, apiKey: config.api_key })
  })

/**
 * Reads `$HOME/.sutro/config.json` (HOME from the environment, so tests can point it elsewhere);
 * `undefined` when there is no HOME or no file.
 *
 * @since 0.1.0
 * @category loading
 */
export const readConfigFile: Effect.Effect<
  ConfigFile | undefined,
  SutroError.ConfigurationError,
  FileSystem.FileSystem | Path.Path
> = Effect.gen(function*() {
  const home = yield* Config.string("HOME").pipe(Config.option, Effect.orElseSucceed(() => Option.none<string>()))
  if (Option.isNone(home) || home.value === "") return undefined
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const file = path.join(home.value, ".sutro", "config.json")
  const exists = yield* fs.exists(file).pipe(Effect.orElseSucceed(() => false))
  if (!exists) return undefined
  const text = yield* fs.readFileString(file).pipe(
    Effect.mapError((error) =>
      new SutroError.ConfigurationError({ reason: "InvalidOption", detail: `cannot read ${file}: ${error.message}` })
    )
  )
  return yield* parseConfigFile(file, text)
})

/**
 * Resolves the settings from the flags, the environment (through the current `ConfigProvider`) and
 * the config file.
 *
 * @since 0.1.0
 * @category loading
 */
export const load = (
  flags: Flags
): Effect.Effect<Settings, SutroError.ConfigurationError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const env = (name: string) =>
      Config.string(name).pipe(
        Config.option,
        Effect.map(Option.getOrUndefined),
        Effect.orElseSucceed(() => undefined)
      )
    const SUTRO_API_URL = yield* env("SUTRO_API_URL")
    const SUTRO_API_KEY = yield* env("SUTRO_API_KEY")
    const needFile = !(Option.isSome(flags.apiUrl) || present(SUTRO_API_URL)) ||
      !(Option.isSome(flags.apiKey) || present(SUTRO_API_KEY))
    const file = needFile ? yield* readConfigFile : undefined
    return resolve({ flags, env: { SUTRO_API_URL, SUTRO_API_KEY }, file })
  })

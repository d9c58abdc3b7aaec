import * as Xhr from "@sutro-effect/browser/Xhr"
import * as Redacted from "effect/Redacted"

// The client over XMLHttpRequest
export const SutroLive = Xhr.layer({ apiKey: Redacted.make("sk_..."), baseUrl: "https://acme.example/v1" })

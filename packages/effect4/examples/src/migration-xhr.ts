import { BrowserSutroClient } from "@sutro-effect/browser"
import * as Redacted from "effect/Redacted"

// No XMLHttpRequest layer on this line: the client over fetch
export const SutroLive = BrowserSutroClient.layer({
  apiKey: Redacted.make("sk_..."),
  baseUrl: "https://acme.example/v1"
})

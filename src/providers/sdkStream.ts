// The part every SDK-backed adapter shares: refuse at once what cannot be sent, open the
// stream, give up on an HTML page, read each wire event, and end with the usage known and
// exactly one terminal event. An adapter supplies only how to open and how to read.
import type { ProviderCall, ProviderFailure, StreamEvent } from '../core/routing/streamEvent';
import { cancelledFailure, cleanMessage, toProviderFailure } from './providerErrors';
import { endStream, isHtml, newProgress, notAStream, type StreamProgress } from './streamOutcome';

/** What an SDK's `create(...).withResponse()` gives: the stream and the HTTP response. */
export interface OpenedStream<E> {
  readonly data: AsyncIterable<E> & { readonly controller: AbortController };
  readonly response: { readonly headers: { get(name: string): string | null } };
}

export interface SdkStreamSpec<E> {
  readonly providerId: string;
  readonly call: ProviderCall;
  /** Set when the call must fail before anything is sent (no key). */
  readonly refused: ProviderFailure | undefined;
  /** The SDK's module, once loaded: its error classes tell failures apart. */
  readonly sdk: () => Parameters<typeof toProviderFailure>[1];
  readonly apiKey: string | undefined;
  readonly clock: () => number;
  open(): Promise<OpenedStream<E>>;
  /** One wire event into what to pass on; usage may be kept in `progress` for the end. */
  read(event: E, progress: StreamProgress): StreamEvent | undefined;
}

export async function* sdkStream<E>(spec: SdkStreamSpec<E>): AsyncGenerator<StreamEvent, void, undefined> {
  const early = spec.call.signal.aborted ? cancelledFailure() : spec.refused;
  if (early) {
    yield { type: 'error', failure: early };
    return;
  }
  const progress = newProgress();
  let failure: ProviderFailure | undefined;
  let contentType: string | null = null;
  try {
    const { data, response } = await spec.open();
    contentType = response.headers.get('content-type');
    if (isHtml(contentType)) {
      data.controller.abort();
      failure = notAStream(spec.providerId, contentType);
    } else {
      for await (const event of data) {
        const out = spec.read(event, progress);
        if (out !== undefined) yield out;
      }
    }
  } catch (error) {
    failure = toProviderFailure(error, spec.sdk(), { providerId: spec.providerId, apiKey: spec.apiKey, nowMs: spec.clock() });
  }
  yield* endStream(progress, failure, spec.call.signal, spec.providerId, contentType);
}

/** The failure of a call to a provider that needs a key and has none: nothing is sent. */
export function missingKey(providerId: string, apiKeyEnv: string | undefined): ProviderFailure {
  const env = apiKeyEnv ? `, or set ${apiKeyEnv} for the CLI` : '';
  return { errorClass: 'auth', message: cleanMessage(`${providerId}: no API key is set. Run "Baton: Set API Key"${env}.`) };
}

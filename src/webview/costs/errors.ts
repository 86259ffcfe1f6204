// What the user reads when a request to the host fails.
import { RemoteError, RequestCancelledError } from '../../shared/protocol/channel';
import { ProtocolError } from '../../shared/protocol/validate';

export function errorText(error: unknown): string {
  if (error instanceof RemoteError) return error.message;
  if (error instanceof RequestCancelledError) return 'the request was cancelled.';
  if (error instanceof ProtocolError) return 'Baton received data it could not show. Try reloading the window.';
  return error instanceof Error ? error.message : String(error);
}

/** A superseded or abandoned request: nobody waits for its answer any more. */
export const isCancelled = (error: unknown): boolean => error instanceof RequestCancelledError;

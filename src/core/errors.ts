// Errors that carry a message meant for the user: what went wrong and what to do next.

export class UserFacingError extends Error {
  /** A brand, not `instanceof`: the router runs from a bundle of its own with its own classes. */
  readonly userFacing = true;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Whether the error's message is meant for the user (from any of Baton's bundles). */
export function isUserFacing(error: unknown): error is Error {
  return error instanceof Error && (error as { userFacing?: unknown }).userFacing === true;
}

export class NoRunningSessionError extends UserFacingError {
  constructor() {
    super('No session is running in this workspace. Start one first.');
  }
}

export class SessionAlreadyRunningError extends UserFacingError {
  constructor(goal: string) {
    super(`A session is already running${goal ? ` ("${goal}")` : ''}. End it before starting another.`);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

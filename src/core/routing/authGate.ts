// A 401 or 403 says the key is wrong or lacks access: every model of that provider will answer
// the same until the user changes the key, so the whole provider is disabled until then.
// The caller identifies the key by a fingerprint it computes (for example a short hash): the
// key itself never reaches this module, so it cannot leak through a view of the gate.
import type { Timers } from './timers';

/** An opaque identity of the provider's current key; null when the provider takes no key. */
export type KeyFingerprint = string | null;

export interface AuthDisabled {
  readonly providerId: string;
  /** The provider's message or status, for "Show Providers" (already redacted by the caller). */
  readonly reason: string;
  readonly since: number;
}

interface Entry extends AuthDisabled {
  readonly fingerprint: KeyFingerprint;
}

export class AuthGate {
  private readonly disabled = new Map<string, Entry>();

  constructor(private readonly clock: Pick<Timers, 'now'>) {}

  /** The provider refused the key with this fingerprint. */
  disable(providerId: string, keyFingerprint: KeyFingerprint, reason = 'the provider refused the API key'): void {
    this.disabled.set(providerId, { providerId, fingerprint: keyFingerprint, reason, since: this.clock.now() });
  }

  /** True while the refused key is still the current one; a different key clears the entry. */
  isDisabled(providerId: string, currentKeyFingerprint: KeyFingerprint): boolean {
    const entry = this.disabled.get(providerId);
    if (!entry) return false;
    if (entry.fingerprint === currentKeyFingerprint) return true;
    this.disabled.delete(providerId);
    return false;
  }

  /** Why the provider is disabled (for the current key), or null when it is not. */
  disabledReason(providerId: string, currentKeyFingerprint: KeyFingerprint): AuthDisabled | null {
    if (!this.isDisabled(providerId, currentKeyFingerprint)) return null;
    const entry = this.disabled.get(providerId);
    return entry ? { providerId: entry.providerId, reason: entry.reason, since: entry.since } : null;
  }

  /** Forgets a refusal, e.g. when the user sets the key again (even to the same value). */
  enable(providerId: string): void {
    this.disabled.delete(providerId);
  }
}

// How well a session used its account before handing off. Handing off early leaves credits
// unused; handing off late risks the account running out while the briefing is still being
// written. The target band (85–92% by default) is where both are unlikely. Shares are judged in
// whole percent, the way the user reads them, so a verdict never contradicts its own sentence.

export interface TargetBand {
  /** Shares of the limit, 0–1. */
  readonly low: number;
  readonly high: number;
}

export const DEFAULT_TARGET_BAND: TargetBand = { low: 0.85, high: 0.92 };

export type HandoffVerdict = 'early' | 'in-band' | 'late';

export interface HandoffEfficiency {
  /** usedAtHandoff / limit (may exceed 1 when the account was overdrawn). */
  readonly share: number;
  readonly verdict: HandoffVerdict;
  /** One line for the user. */
  readonly recommendation: string;
}

export type TargetBandParse = { readonly ok: true; readonly band: TargetBand } | { readonly ok: false; readonly message: string };

const percent = (share: number): number => Math.round(share * 100);

/**
 * The share to suggest to a late hander-off: a round figure (a multiple of 5) inside the band
 * nearest its middle (the lower on a tie: safer), as people aim for round numbers; the middle
 * itself when none fits.
 */
function aimFor(band: TargetBand): number {
  const low = percent(band.low);
  const high = percent(band.high);
  const middle = (low + high) / 2;
  const round = Math.round(middle / 5) * 5;
  const candidates = [round, round - 5, round + 5].filter((value) => value >= low && value <= high);
  const nearest = candidates.sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle) || a - b)[0];
  return nearest ?? Math.round(middle);
}

/** The verdict and one line of advice for a session that handed off after using `usedAtHandoff` of `limit`. */
export function handoffEfficiency(input: { usedAtHandoff: number; limit: number; band?: TargetBand }): HandoffEfficiency {
  const { usedAtHandoff, limit } = input;
  const band = input.band ?? DEFAULT_TARGET_BAND;
  // The ledger only holds accounts with a positive limit; anything else is a programming error.
  if (!(limit > 0) || !Number.isFinite(limit) || !Number.isFinite(usedAtHandoff)) throw new RangeError(`Invalid handoff usage: ${usedAtHandoff} of ${limit}.`);
  const share = Math.max(0, usedAtHandoff) / limit;
  const shown = percent(share);
  const start = `Handed off at ${shown}% of the limit`;
  if (shown < percent(band.low)) {
    return { share, verdict: 'early', recommendation: `${start}: you could keep going until about ${percent(band.low)}% next time.` };
  }
  if (shown > percent(band.high)) {
    return { share, verdict: 'late', recommendation: `${start}: hand off earlier, around ${aimFor(band)}%, so the briefing fits before the account runs out.` };
  }
  return { share, verdict: 'in-band', recommendation: `${start}: right in the target band of ${percent(band.low)}–${percent(band.high)}%.` };
}

const BAND_HINT = 'Write the target band as two percentages, low and high, e.g. "85-92".';

/** "85-92", "85–92", "85% - 92%": whole or decimal percentages, 0 < low < high ≤ 100. */
export function parseTargetBand(text: string): TargetBandParse {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*[-–—]\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (match === null) return { ok: false, message: `"${text.trim()}" is not a target band. ${BAND_HINT}` };
  const low = Number(match[1]);
  const high = Number(match[2]);
  if (high > 100) return { ok: false, message: `${high}% is more than the whole limit: the band must end at 100% or below. ${BAND_HINT}` };
  // "0.85-0.92" is a share, not a percentage: taken literally it would be a band below 1%.
  if (high <= 1) return { ok: false, message: `Write the band in percent, e.g. "85-92" rather than "0.85-0.92".` };
  if (low <= 0) return { ok: false, message: `The band must start above 0%. ${BAND_HINT}` };
  if (low >= high) return { ok: false, message: `The band's low end (${low}%) must be below its high end (${high}%). ${BAND_HINT}` };
  return { ok: true, band: { low: low / 100, high: high / 100 } };
}

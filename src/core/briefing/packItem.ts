// The unit of packing: one line of the briefing, in one section, with shorter variants for
// the facts that must be kept at every level.
import type { Priority } from './briefingTypes';

export type SectionStyle = 'lead' | 'list';

export interface SectionSpec {
  readonly id: string;
  readonly title: string;
  readonly priority: Priority;
  readonly style: SectionStyle;
}

export interface PackItem {
  readonly section: SectionSpec;
  /** Richest first; the last one is the least the briefing may say. */
  readonly variants: readonly string[];
  /** What the line stands for, counted in the "left out" line when it does not fit: 40 TODO lines. */
  readonly counts?: { readonly noun: string; readonly n: number };
}

export const section = (id: string, title: string, priority: Priority, style: SectionStyle = priority === 0 ? 'lead' : 'list'): SectionSpec => ({
  id,
  title,
  priority,
  style,
});

export const item = (spec: SectionSpec, ...variants: string[]): PackItem => ({ section: spec, variants: variants.filter((v) => v !== '') });

/** The item, counted as `n` of `noun` when it is left out. */
export const counted = (current: PackItem, noun: string, n = 1): PackItem => ({ ...current, counts: { noun, n } });

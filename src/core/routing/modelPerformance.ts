// Moving averages per provider and model of the time to first token and of the output
// throughput, for the `fastest` strategy. Seeded from the ledger (PerformanceHistory) so that a
// new window or a CLI run starts informed, then updated after every successful request.
//
// Exponentially weighted (EWMA, weight `alpha` for the newest sample): recent behaviour wins
// quickly (providers' speed changes over a day) and the memory is two numbers per model.
// The ledger's medians seed the average as if they were one sample; a model that already has
// live samples when the seed arrives keeps them (they are newer than the ledger).
import type { ModelPerformance, PerformanceHistory } from '../costs/ledgerPorts';

export const DEFAULT_PERFORMANCE_ALPHA = 0.2;

export interface PerformanceEstimate {
  /** Expected time to first token, ms; null without data. */
  readonly ttftMs: number | null;
  /** Expected output tokens per second after the first token; null without data. */
  readonly outputTokensPerSecond: number | null;
  /** Live samples seen in this process (0 when known from the ledger only). */
  readonly samples: number;
}

/** What one finished request tells about its model. */
export interface PerformanceSample {
  /** Null when no content arrived. */
  readonly ttftMs: number | null;
  readonly outputTokens: number;
  /** From the first token to the end of the stream. */
  readonly generationMs: number;
}

interface Averages {
  ttftMs: number | null;
  outputTokensPerSecond: number | null;
  samples: number;
}

export class ModelPerformanceAverages {
  private readonly averages = new Map<string, Averages>();

  constructor(private readonly alpha = DEFAULT_PERFORMANCE_ALPHA) {}

  /** Seeds from the ledger; models with live samples keep them. */
  seed(history: readonly ModelPerformance[]): void {
    for (const entry of history) {
      const key = performanceKey(entry.provider, entry.model);
      if ((this.averages.get(key)?.samples ?? 0) > 0) continue;
      this.averages.set(key, { ttftMs: entry.ttftP50Ms, outputTokensPerSecond: entry.outputTokensPerSecond, samples: 0 });
    }
  }

  /** Reads the ledger since `sinceMs` and seeds from it. */
  async seedFrom(history: PerformanceHistory, sinceMs: number): Promise<void> {
    this.seed(await history.performance(sinceMs));
  }

  /** Folds one successful request into its model's averages. */
  record(provider: string, model: string, sample: PerformanceSample): void {
    const key = performanceKey(provider, model);
    const current = this.averages.get(key) ?? { ttftMs: null, outputTokensPerSecond: null, samples: 0 };
    if (sample.ttftMs !== null && sample.ttftMs >= 0) current.ttftMs = this.fold(current.ttftMs, sample.ttftMs);
    // One token or an instant stream says nothing about throughput.
    if (sample.outputTokens > 1 && sample.generationMs > 0) {
      current.outputTokensPerSecond = this.fold(current.outputTokensPerSecond, (sample.outputTokens * 1000) / sample.generationMs);
    }
    current.samples++;
    this.averages.set(key, current);
  }

  get(provider: string, model: string): PerformanceEstimate | undefined {
    const averages = this.averages.get(performanceKey(provider, model));
    return averages && { ...averages };
  }

  private fold(average: number | null, sample: number): number {
    return average === null ? sample : average + this.alpha * (sample - average);
  }
}

function performanceKey(provider: string, model: string): string {
  return `${provider}\u0000${model}`;
}

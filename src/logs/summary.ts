import { CAUSES, type Cause, type DivergencePoint, type LogSummary, type RequestReport } from "./types.js";

const WORST_DIVERGENCES = 5;

/** Sums requests into the summary as they stream by; keeps one entry per divergence point, not per request. */
export class SummaryBuilder {
  #requests = 0;
  #conversations = 0;
  #promptTokens = 0;
  #predicted = 0;
  readonly #reported = { requests: 0, promptTokens: 0, cachedTokens: 0, predictedCachedTokens: 0, estimatedPromptTokens: 0 };
  readonly #missesByCause = byCause();
  readonly #lostTokensByCause = byCause();
  readonly #points = new Map<string, DivergencePoint>();

  add(request: RequestReport): void {
    this.#requests++;
    this.#conversations = Math.max(this.#conversations, request.conversation);
    this.#promptTokens += request.promptTokens;
    this.#predicted += request.predictedCachedTokens;
    if (request.reportedCachedTokens !== null && request.reportedPromptTokens !== null) {
      this.#reported.requests++;
      this.#reported.promptTokens += request.reportedPromptTokens;
      this.#reported.cachedTokens += request.reportedCachedTokens;
      this.#reported.predictedCachedTokens += request.predictedCachedTokens;
      this.#reported.estimatedPromptTokens += request.promptTokens;
    }
    const { cause, divergence } = request;
    if (cause === null || cause === "appended" || divergence === null) return;
    this.#missesByCause[cause]++;
    this.#lostTokensByCause[cause] += request.lostTokens;
    const key = [cause, divergence.part, divergence.index].join(" ");
    const point = this.#points.get(key);
    if (point) {
      point.misses++;
      point.lostTokens += request.lostTokens;
    } else {
      const { part, index, before, after } = divergence;
      this.#points.set(key, { cause, api: request.api, part, index, misses: 1, lostTokens: request.lostTokens, line: request.line, before, after });
    }
  }

  build(unreadableLines: number): LogSummary {
    const reported = this.#reported;
    return {
      requests: this.#requests,
      conversations: this.#conversations,
      unreadableLines,
      promptTokens: this.#promptTokens,
      predictedCachedTokens: this.#predicted,
      predictedHitRate: rate(this.#predicted, this.#promptTokens),
      reported: {
        requests: reported.requests,
        promptTokens: reported.promptTokens,
        cachedTokens: reported.cachedTokens,
        hitRate: rate(reported.cachedTokens, reported.promptTokens),
        predictedCachedTokens: reported.predictedCachedTokens,
        predictedHitRate: rate(reported.predictedCachedTokens, reported.estimatedPromptTokens),
      },
      misses: Object.values(this.#missesByCause).reduce((sum, count) => sum + count, 0),
      missesByCause: { ...this.#missesByCause },
      lostTokensByCause: { ...this.#lostTokensByCause },
      worstDivergences: [...this.#points.values()].sort((a, b) => b.lostTokens - a.lostTokens || b.misses - a.misses || a.line - b.line).slice(0, WORST_DIVERGENCES),
    };
  }
}

function byCause(): Record<Cause, number> {
  return Object.fromEntries(CAUSES.map((cause) => [cause, 0])) as Record<Cause, number>;
}

/** Rounded to 4 decimals so the JSON stays readable; null when there is nothing to divide. */
function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

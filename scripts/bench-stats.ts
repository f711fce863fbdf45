/** Small statistics for `npm run bench`: numbers to print, never assertions. */

/** The value below which a share `p` (0..1) of `values` lies (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? 0;
}

/** The middle value (upper middle for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Times `fn` `samples` times after `warmup` untimed calls; p50 and p95 in ms. */
export async function measure(
  fn: () => Promise<unknown>,
  { warmup = 5, samples = 60 }: { warmup?: number; samples?: number } = {},
): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return { p50: median(times), p95: percentile(times, 0.95) };
}

/** A duration as the bench tables print it. */
export const fmt = (n: number) => `${n.toFixed(2)} ms`;

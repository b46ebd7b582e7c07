/**
 * Interleaved comparison: runs the contenders round-robin (A B A B ... or A B C A B C ...) so
 * that machine drift hits each equally, and turns the rounds into rows whose ratio is the
 * median of per-round ratios (not the ratio of medians), with the min and max of those ratios.
 */
import type { BenchRow } from './row.js';
import { maxOf, median, minOf } from './stats.js';

export type Measure = () => Promise<number>;

/** Runs `rounds` rounds of every contender in order; returns one sample list per contender. */
export async function interleave(rounds: number, contenders: readonly Measure[], label = ''): Promise<number[][]> {
  const out = contenders.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < contenders.length; i++) {
      const v = await contenders[i]!();
      out[i]!.push(v);
    }
    if (label !== '' && process.env['BENCH_VERBOSE']) {
      process.stderr.write(`  ${label} round ${r + 1}/${rounds}: ${out.map((s) => fmt(s[r]!)).join(' | ')}\n`);
    }
  }
  return out;
}

function fmt(n: number): string {
  return Number.isFinite(n) ? n.toPrecision(4) : String(n);
}

export interface RowSpec {
  scenario: string;
  what: string;
  unit: string;
  /** true: bigger is better (rates), ratio = afxsock / reference; false: ratio = afxsock / reference and must stay low. */
  higherIsBetter: boolean;
  /** The ratio the target asks for: >= it when higherIsBetter, <= it otherwise. */
  targetRatio: number | null;
  /** Printed target; defaults to ">= 1.5x" / "<= 1.0x". */
  target?: string;
}

/** A row from paired samples of afxsock and its reference. */
export function makeRow(spec: RowSpec, afx: readonly number[], ref: readonly number[]): BenchRow {
  const n = Math.min(afx.length, ref.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) ratios.push(afx[i]! / ref[i]!);
  const ratio = median(ratios);
  let met = true;
  if (spec.targetRatio !== null) met = spec.higherIsBetter ? ratio >= spec.targetRatio : ratio <= spec.targetRatio;
  const target = spec.target ?? (spec.targetRatio === null ? 'none (ceiling)' : `${spec.higherIsBetter ? '>=' : '<='} ${spec.targetRatio.toFixed(1)}x`);
  return {
    scenario: spec.scenario,
    what: spec.what,
    afxsock: median(afx),
    reference: median(ref),
    unit: spec.unit,
    ratio,
    min: minOf(ratios),
    max: maxOf(ratios),
    target,
    met: Number.isFinite(ratio) && met,
  };
}

/**
 * Rounds for a mode: at least 5 pairs in a full run (fewer would make the median meaningless
 * on a machine whose runs vary by 2x); quick runs use 2. `--rounds N` (BENCH_ROUNDS) asks for
 * more, never for fewer than 5 in a full run.
 */
export function roundsFor(quick: boolean, full = 5): number {
  if (quick) return 2;
  const asked = Number(process.env['BENCH_ROUNDS']);
  return Math.max(5, full, Number.isInteger(asked) ? asked : 0);
}

/**
 * The harness's outputs, all generated from one list of rows so that nothing is typed by hand:
 * the terminal table, the markdown table the README embeds, and an SVG chart of the ratios.
 */
import type { BenchRow } from './row.js';

export function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 1e5) return Math.round(n).toLocaleString('en-US');
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  if (a >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

function ratioText(r: BenchRow): string {
  return `${r.ratio.toFixed(2)}x [${r.min.toFixed(2)}..${r.max.toFixed(2)}]`;
}

function cells(r: BenchRow): string[] {
  return [r.scenario, r.what, num(r.afxsock), num(r.reference), r.unit, ratioText(r), r.target, r.met ? 'yes' : 'NO'];
}

const HEAD = ['scenario', 'what', 'afxsock', 'reference', 'unit', 'ratio (median [min..max])', 'target', 'met'];

export function renderText(rows: readonly BenchRow[], quick: boolean): string {
  const body = rows.map(cells);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((x, i) => (i >= 2 && i <= 3 ? x.padStart(widths[i]!) : x.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  if (quick) out.push('', 'quick mode: small sizes and fewer rounds; not for the README.');
  return out.join('\n') + '\n';
}

export function renderMarkdown(rows: readonly BenchRow[], meta: string): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const out = [`| ${HEAD.join(' | ')} |`, `|${HEAD.map((_, i) => (i >= 2 && i <= 3 ? ' ---: ' : ' --- ')).join('|')}|`];
  for (const r of rows) out.push(`| ${cells(r).map(esc).join(' | ')} |`);
  out.push('', meta);
  return out.join('\n') + '\n';
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The target ratio printed in a row's target ("&gt;= 1.5x ..." → 1.5), if there is one. */
export function targetRatio(r: BenchRow): number | null {
  const m = /^(>=|<=)\s*([0-9.]+)x/.exec(r.target);
  return m === null ? null : Number(m[2]);
}

/** A horizontal bar per row: the median ratio, a whisker for min..max, a mark for the target. */
export function renderSvg(rows: readonly BenchRow[], title: string): string {
  const left = 20 + 7 * Math.max(12, ...rows.map((r) => r.scenario.length));
  const plotW = 520;
  const rowH = 30;
  const top = 50;
  const h = top + rows.length * rowH + 40;
  const w = left + plotW + 150;
  const finite = rows.flatMap((r) => [r.max, r.ratio, targetRatio(r) ?? 0]).filter(Number.isFinite);
  const xMax = Math.max(2, Math.ceil(Math.max(...finite, 1) * 1.1 * 2) / 2);
  const x = (v: number): number => left + (Math.min(Math.max(v, 0), xMax) / xMax) * plotW;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${w}" height="${h}" fill="#ffffff"/>`);
  parts.push(`<text x="${left}" y="20" font-size="14" font-weight="bold">${xml(title)}</text>`);
  parts.push(`<text x="${left}" y="36" fill="#555">ratio afxsock / reference (median of interleaved pairs, whisker = min..max); | = target</text>`);
  for (let t = 0; t <= xMax + 1e-9; t += xMax > 4 ? 1 : 0.5) {
    const xt = x(t);
    parts.push(`<line x1="${xt}" y1="${top - 4}" x2="${xt}" y2="${top + rows.length * rowH}" stroke="${t === 1 ? '#333' : '#ddd'}" stroke-width="${t === 1 ? 1.5 : 1}"/>`);
    parts.push(`<text x="${xt}" y="${top + rows.length * rowH + 16}" text-anchor="middle" fill="#333">${t}x</text>`);
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const noTarget = r.target.startsWith('none');
    const color = noTarget ? '#8a8a8a' : r.met ? '#2e8b57' : '#c0392b';
    parts.push(`<text x="${left - 8}" y="${y + rowH / 2 + 4}" text-anchor="end">${xml(r.scenario)}</text>`);
    if (Number.isFinite(r.ratio)) {
      parts.push(`<rect x="${left}" y="${y + 6}" width="${Math.max(0, x(r.ratio) - left)}" height="${rowH - 12}" fill="${color}" opacity="0.8"/>`);
    }
    if (Number.isFinite(r.min) && Number.isFinite(r.max)) {
      const ym = y + rowH / 2;
      parts.push(`<line x1="${x(r.min)}" y1="${ym}" x2="${x(r.max)}" y2="${ym}" stroke="#000" stroke-width="1.5"/>`);
      parts.push(`<line x1="${x(r.min)}" y1="${ym - 4}" x2="${x(r.min)}" y2="${ym + 4}" stroke="#000"/>`);
      parts.push(`<line x1="${x(r.max)}" y1="${ym - 4}" x2="${x(r.max)}" y2="${ym + 4}" stroke="#000"/>`);
    }
    const tr = targetRatio(r);
    if (tr !== null) parts.push(`<line x1="${x(tr)}" y1="${y + 2}" x2="${x(tr)}" y2="${y + rowH - 2}" stroke="#1f4e9e" stroke-width="3"/>`);
    parts.push(`<text x="${left + plotW + 10}" y="${y + rowH / 2 + 4}">${xml(`${Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : 'n/a'}x ${noTarget ? '(no target)' : r.met ? 'met' : 'missed'}`)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

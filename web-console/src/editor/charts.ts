import type { Child } from '../../../web-widget/src/dom.js';
import { h, uid } from '../dom.js';
import { table } from './ui.js';

/**
 * Charts as inline SVG built with DOM calls (no chart library, no markup from data). Every chart is a figure with a
 * caption, a short text summary for screen readers, and its data as a table below (in a disclosure).
 */

const SVG = 'http://www.w3.org/2000/svg';
/** Series colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by the legend's text too. */
export const SERIES_COLOURS = ['#0a4d8c', '#a14a00', '#5b2a86'];

export interface Series {
  label: string;
  values: number[];
}

function svg(tag: string, attributes: Record<string, string | number>, ...children: (Node | string)[]): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/** The figure around a chart: caption, the drawing (hidden from screen readers, who get `summary`) and the table. */
function figure(caption: string, summary: string, drawing: SVGElement, data: HTMLElement, legend?: Child): HTMLElement {
  const captionId = uid('chart');
  drawing.setAttribute('aria-hidden', 'true');
  drawing.setAttribute('focusable', 'false');
  return h(
    'figure',
    { class: 'chart', 'aria-labelledby': captionId },
    h('figcaption', { id: captionId }, caption),
    h('p', { class: 'sr-only' }, summary),
    legend,
    h('div', { class: 'chart-drawing' }, drawing),
    h('details', {}, h('summary', {}, `Daten: ${caption}`), data),
  );
}

function legendOf(series: Series[]): HTMLElement {
  return h(
    'ul',
    { class: 'legend', 'aria-hidden': 'true' },
    ...series.map((item, index) => h('li', {}, h('span', { class: `swatch swatch-${index}` }), item.label)),
  );
}

/** Stacked vertical bars per label (e.g. per day); one series draws plain bars. */
export function stackedBarChart(caption: string, labels: string[], series: Series[]): HTMLElement {
  const width = 640;
  const height = 220;
  const left = 36;
  const bottom = 24;
  const totals = labels.map((_, index) => series.reduce((sum, item) => sum + (item.values[index] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const slot = (width - left) / Math.max(1, labels.length);
  const bar = Math.max(1, slot * 0.7);
  const scale = (value: number) => (value / max) * (height - bottom - 8);
  const drawing = svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'chart-svg' },
    svg('line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: '#595959' }),
    svg('text', { x: left - 4, y: 14, 'text-anchor': 'end', class: 'axis' }, String(max)),
    svg('text', { x: left - 4, y: height - bottom, 'text-anchor': 'end', class: 'axis' }, '0'),
  );
  const every = Math.max(1, Math.ceil(labels.length / 6));
  labels.forEach((label, index) => {
    let y = height - bottom;
    const x = left + index * slot + (slot - bar) / 2;
    series.forEach((item, seriesIndex) => {
      const size = scale(item.values[index] ?? 0);
      y -= size;
      if (size > 0) {
        drawing.append(svg('rect', { x, y, width: bar, height: size, fill: SERIES_COLOURS[seriesIndex] ?? '#333' }));
      }
    });
    if (index % every === 0) {
      drawing.append(svg('text', { x: x + bar / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis' }, label));
    }
  });
  const peak = totals.indexOf(Math.max(...totals));
  const sum = totals.reduce((a, b) => a + b, 0);
  const summary = labels.length
    ? `${sum} insgesamt über ${labels.length} Tage, am meisten am ${labels[peak]} (${totals[peak]}). Die Werte stehen in der Tabelle.`
    : 'Keine Daten im Zeitraum.';
  const data = table(
    caption,
    ['Tag', ...series.map((item) => item.label)],
    labels.map((label, index) => [label, ...series.map((item) => String(item.values[index] ?? 0))]),
  );
  return figure(caption, summary, drawing, data, series.length > 1 ? legendOf(series) : undefined);
}

/** Horizontal bars with their labels and values written beside them (top services, funnel steps). */
export function horizontalBarChart(caption: string, rows: { label: string; value: number }[], unit = ''): HTMLElement {
  const rowHeight = 26;
  const labelWidth = 220;
  const width = 640;
  const height = Math.max(1, rows.length) * rowHeight + 4;
  const max = Math.max(1, ...rows.map((row) => row.value));
  const drawing = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart-svg' });
  rows.forEach((row, index) => {
    const y = index * rowHeight + 2;
    const size = (row.value / max) * (width - labelWidth - 60);
    const label = row.label.length > 30 ? `${row.label.slice(0, 29)}…` : row.label;
    drawing.append(
      svg('text', { x: labelWidth - 6, y: y + 17, 'text-anchor': 'end', class: 'axis' }, label),
      svg('rect', {
        x: labelWidth,
        y: y + 3,
        width: Math.max(size, 1),
        height: rowHeight - 8,
        fill: SERIES_COLOURS[0] ?? '',
      }),
      svg('text', { x: labelWidth + size + 6, y: y + 17, class: 'axis' }, `${row.value}${unit}`),
    );
  });
  const summary = rows.length
    ? `${rows
        .map((row) => `${row.label}: ${row.value}${unit}`)
        .slice(0, 5)
        .join('; ')}${rows.length > 5 ? ' …' : ''}`
    : 'Keine Daten im Zeitraum.';
  const data = table(
    caption,
    ['Bezeichnung', 'Anzahl'],
    rows.map((row) => [row.label, `${row.value}${unit}`]),
  );
  return figure(caption, summary, drawing, data);
}

import type { TopLevelSpec } from 'vega-lite';

/**
 * The report's charts as SVG, drawn by Vega-Lite on the server (no browser, no canvas). Greys and a
 * single dark accent, direct labels and no colour-only legends, so a greyscale printout reads the same.
 */
const INK = '#1d232a';
const GREY = '#9aa3ab';
const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

const config = {
  font: FONT,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 10, titleFontSize: 10, labelColor: INK, titleColor: INK, gridColor: '#e3e6e9', domainColor: '#777', tickColor: '#777' },
  legend: { labelFontSize: 10, titleFontSize: 10, orient: 'top' as const },
  title: { fontSize: 12, anchor: 'start' as const, color: INK },
};

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on first use: Vega costs about half a second of start-up, and most commands never draw a chart.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const { spec: compiled } = compile({ ...spec, config } as TopLevelSpec);
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Monitored vs flagged per day: two bars per day, dark for flagged, grey for all monitored. */
export function dailyChart(days: Array<{ label: string; monitored: number; flagged: number }>): Promise<string> {
  const values = days.flatMap((d) => [
    { hari: d.label, jenis: 'Dipantau', n: d.monitored },
    { hari: d.label, jenis: 'Ditandai', n: d.flagged },
  ]);
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Volume harian: dipantau dan ditandai',
    width: 560,
    height: 180,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'hari', type: 'ordinal', sort: null, title: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'jenis', sort: ['Dipantau', 'Ditandai'] },
      y: { field: 'n', type: 'quantitative', title: 'butir', axis: { format: 'd', tickMinStep: 1 } },
      color: { field: 'jenis', type: 'nominal', sort: ['Dipantau', 'Ditandai'], scale: { range: [GREY, INK] }, title: null },
    },
  } as TopLevelSpec);
}

/** Horizontal bars with their values written at the end (for topics, sources, police units). */
export function barChart(title: string, rows: Array<{ label: string; n: number }>, unit = 'butir'): Promise<string> {
  const values = rows.length ? rows : [{ label: '(tidak ada)', n: 0 }];
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 420,
    height: { step: 16 },
    data: { values },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 360 } },
      x: { field: 'n', type: 'quantitative', title: unit, axis: { format: 'd', tickMinStep: 1 } },
    },
    layer: [
      { mark: { type: 'bar', color: INK } },
      { mark: { type: 'text', align: 'left', dx: 3, color: INK, fontSize: 10 }, encoding: { text: { field: 'n', type: 'quantitative' } } },
    ],
  } as TopLevelSpec);
}

/** Confirmed hoaxes per ISO week over eight weeks, the report's week last. */
export function trendChart(weeks: Array<{ label: string; n: number }>): Promise<string> {
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Tren 8 minggu: hoaks terkonfirmasi',
    width: 560,
    height: 160,
    data: { values: weeks },
    encoding: {
      x: { field: 'label', type: 'ordinal', sort: null, title: null, axis: { labelAngle: 0 } },
      y: { field: 'n', type: 'quantitative', title: 'kasus', axis: { format: 'd', tickMinStep: 1 }, scale: { domainMin: 0 } },
    },
    layer: [
      { mark: { type: 'line', color: INK, point: { color: INK, size: 40 } } },
      { mark: { type: 'text', dy: -9, color: INK, fontSize: 10 }, encoding: { text: { field: 'n', type: 'quantitative' } } },
    ],
  } as TopLevelSpec);
}

/**
 * The desk-learning simulation's held-out figures against the corrections given (x), one line per
 * series (told apart by dash and a label at its last point, not by colour alone), and the target as a
 * dashed rule with its label.
 */
export function learningChart(
  points: ReadonlyArray<{ koreksi: number; seri: string; nilai: number }>,
  target: { value: number; label: string },
  title = 'Simulasi belajar dari meja: angka set uji per kelompok koreksi',
): Promise<string> {
  const values = [...points];
  const last = [...new Map(values.map((p) => [p.seri, p])).values()];
  const dashes = [
    [1, 0],
    [6, 3],
    [2, 2],
    [8, 2, 2, 2],
    [4, 4],
    [1, 3],
    [10, 4],
  ];
  const series = [...new Set(values.map((p) => p.seri))];
  const greys = ['#1d232a', '#4a535c', '#6b747d', '#2f6f8f', '#8a5a2b', '#5b7f3a', '#8c3b5a'];
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 560,
    height: 280,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: { size: 25, filled: true }, strokeWidth: 1.6 },
        encoding: {
          x: { field: 'koreksi', type: 'quantitative', title: 'jumlah koreksi analis', axis: { format: 'd', tickMinStep: 50 } },
          y: { field: 'nilai', type: 'quantitative', title: 'nilai pada set uji (0–1)', scale: { domain: [0, 1] } },
          color: { field: 'seri', type: 'nominal', sort: series, scale: { domain: series, range: greys.slice(0, series.length) }, legend: null },
          strokeDash: { field: 'seri', type: 'nominal', sort: series, scale: { domain: series, range: dashes.slice(0, series.length) }, legend: null },
        },
      },
      {
        data: { values: last },
        mark: { type: 'text', align: 'left', dx: 5, fontSize: 9 },
        encoding: {
          x: { field: 'koreksi', type: 'quantitative' },
          y: { field: 'nilai', type: 'quantitative' },
          text: { field: 'seri', type: 'nominal' },
          color: { field: 'seri', type: 'nominal', sort: series, scale: { domain: series, range: greys.slice(0, series.length) }, legend: null },
        },
      },
      {
        data: { values: [{ nilai: target.value, label: target.label }] },
        layer: [
          { mark: { type: 'rule', color: '#b00020', strokeDash: [5, 4], strokeWidth: 1.2 }, encoding: { y: { field: 'nilai', type: 'quantitative' } } },
          {
            mark: { type: 'text', align: 'left', baseline: 'bottom', x: 2, dy: -2, color: '#b00020', fontSize: 9 },
            encoding: { y: { field: 'nilai', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
          },
        ],
      },
    ],
    padding: { left: 5, top: 5, bottom: 5, right: 190 },
  } as TopLevelSpec);
}

import { formatInteger } from '../../lib/format';

export interface BarDatum {
  label: string;
  value: number;
  /** Optional second, lighter bar drawn behind (e.g. a target). */
  target?: number;
}

const ROW = 28;
// Horizontal layout in percent of the chart width, so text keeps its real size from
// a 375 px phone to a desktop; only the bars stretch.
const LABEL_END = 27;
const BAR_START = 29;
const BAR_SPAN = 52;

/**
 * Horizontal bars in plain SVG. The chart is an image with a text summary; every
 * chart on a page is paired with a table or figures holding the same numbers.
 */
export function BarChart({
  title,
  data,
  unit = '',
  testId,
}: {
  title: string;
  data: BarDatum[];
  unit?: string;
  testId?: string;
}) {
  const max = Math.max(1, ...data.map((d) => Math.max(d.value, d.target ?? 0)));
  const height = Math.max(ROW, data.length * ROW) + 8;
  const summary = data.map((d) => `${d.label} ${formatInteger(d.value)}${unit}`).join('，');
  const pct = (n: number) => `${n.toFixed(2)}%`;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg width="100%" height={height} role="img" aria-label={`${title}：${summary || '暂无数据'}`}>
        <title>{`${title}：${summary}`}</title>
        {data.map((d, i) => {
          const y = 4 + i * ROW;
          const w = (d.value / max) * BAR_SPAN;
          const tw = d.target !== undefined ? (d.target / max) * BAR_SPAN : 0;
          return (
            <g key={d.label + i}>
              <text x={pct(LABEL_END)} y={y + ROW / 2 + 5} textAnchor="end" className="chart__label">
                {d.label.length > 7 ? d.label.slice(0, 6) + '…' : d.label}
              </text>
              {tw > 0 ? (
                <rect x={pct(BAR_START)} y={y + 4} width={pct(tw)} height={ROW - 8} className="chart__target" rx="2" />
              ) : null}
              <rect
                x={pct(BAR_START)}
                y={y + 4}
                width={d.value > 0 ? pct(Math.max(w, 0.5)) : 0}
                height={ROW - 8}
                className="chart__bar"
                rx="2"
              />
              <text x={pct(BAR_START + Math.max(w, tw) + 1.5)} y={y + ROW / 2 + 5} className="chart__value">
                {formatInteger(d.value)}
                {d.target !== undefined ? ` / ${formatInteger(d.target)}` : ''}
                {unit}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** One progress bar toward a target, e.g. 脱贫户数 61 / 96. */
export function ProgressBar({
  label,
  value,
  target,
  unit,
  testId,
}: {
  label: string;
  value: number;
  target: number;
  unit: string;
  testId?: string;
}) {
  const ratio = target > 0 ? Math.min(1, value / target) : 0;
  const pct = Math.round(ratio * 1000) / 10;
  return (
    <div className="progress" data-testid={testId}>
      <div className="progress__head">
        <span>{label}</span>
        <strong>
          {formatInteger(value)} / {formatInteger(target)} {unit}（{pct}%）
        </strong>
      </div>
      <svg
        viewBox="0 0 100 6"
        preserveAspectRatio="none"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={target}
        aria-valuenow={value}
        aria-valuetext={`${value} / ${target} ${unit}`}
        className="progress__bar"
      >
        <rect x="0" y="0" width="100" height="6" className="progress__track" rx="1" />
        <rect x="0" y="0" width={ratio * 100} height="6" className="progress__fill" rx="1" />
      </svg>
    </div>
  );
}

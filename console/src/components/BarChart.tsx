// A grouped bar chart in SVG, with the same figures as a table for screen
// readers. No chart library: the two charts need bars, labels and a legend.
import { makeStyles, tokens, Caption1 } from '@fluentui/react-components';

export interface Series {
  name: string;
  color: string;
}

export interface Group {
  label: string;
  values: number[]; // one per series
}

const useStyles = makeStyles({
  figure: { margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  legend: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  key: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  swatch: { width: '12px', height: '12px', display: 'inline-block', borderRadius: '2px' },
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
});

export function BarChart({
  title,
  series,
  groups,
  format,
  testId,
}: {
  title: string;
  series: Series[];
  groups: Group[];
  format: (n: number) => string;
  testId?: string;
}) {
  const s = useStyles();
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const barW = 18;
  const gap = 4;
  const groupW = Math.max(series.length * (barW + gap) + 24, 104);
  const h = 160;
  const top = 16;
  const width = Math.max(groups.length * groupW + 40, 240);
  return (
    <figure className={s.figure} data-testid={testId}>
      <figcaption>
        <Caption1>{title}</Caption1>
      </figcaption>
      <svg width={width} height={h + 48} role="img" aria-label={title}>
        <line x1={30} x2={width} y1={top + h} y2={top + h} stroke={tokens.colorNeutralStroke1} />
        {groups.map((g, gi) => (
          <g key={g.label} transform={`translate(${40 + gi * groupW},0)`}>
            {g.values.map((v, si) => {
              const bh = Math.round((v / max) * h);
              return (
                <rect
                  key={si}
                  x={si * (barW + gap)}
                  y={top + h - bh}
                  width={barW}
                  height={bh}
                  fill={series[si]?.color}
                >
                  <title>{`${g.label} — ${series[si]?.name}: ${format(v)}`}</title>
                </rect>
              );
            })}
            <text x={0} y={top + h + 16} fontSize="11" fill={tokens.colorNeutralForeground1}>
              {g.label.length > 14 ? g.label.slice(0, 13) + '…' : g.label}
            </text>
          </g>
        ))}
        <text x={0} y={top + 4} fontSize="11" fill={tokens.colorNeutralForeground1}>
          {format(max)}
        </text>
      </svg>
      <div className={s.legend}>
        {series.map((x) => (
          <span key={x.name} className={s.key}>
            <span className={s.swatch} style={{ background: x.color }} aria-hidden="true" />
            <Caption1>{x.name}</Caption1>
          </span>
        ))}
      </div>
      <table className={s.hidden}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{title}</th>
            {series.map((x) => (
              <th key={x.name} scope="col">
                {x.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.label}>
              <th scope="row">{g.label}</th>
              {g.values.map((v, i) => (
                <td key={i}>{format(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

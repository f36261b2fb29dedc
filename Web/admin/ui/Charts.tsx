import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { count } from "../format";
import { chartData, peak, type Range, total } from "../series";
import { locale, stats, t } from "../store";

/** Messages per minute and online users, over the last hour or day (uPlot, bundled). */
export function Charts() {
  const [range, setRange] = useState<Range>("hour");
  const s = stats.value;
  const data = s ? chartData(s.series, range, s.onlineUsers) : null;
  const l = locale.value;
  return (
    <section id="charts" class="card" aria-labelledby="charts-title">
      <div class="section-head">
        <h2 id="charts-title">{t("section.charts")}</h2>
        <div class="lang" role="group" aria-label={t("chart.range")}>
          {(["hour", "day"] as const).map((r) => (
            <button type="button" key={r} class={r === range ? "chip active" : "chip"} aria-pressed={r === range} onClick={() => setRange(r)}>
              {t(`chart.${r}`)}
            </button>
          ))}
        </div>
      </div>
      {data && (
        <div class="charts">
          <Chart
            testId="chart-messages"
            title={t("chart.messages")}
            summary={t(range === "hour" ? "chart.messagesHour" : "chart.messagesDay", { n: total(data.messages), count: count(total(data.messages), l) })}
            x={data.x}
            y={data.messages}
            sum={total(data.messages)}
            color="#2b6cb0"
          />
          <Chart
            testId="chart-online"
            title={t("chart.online")}
            summary={t("chart.onlinePeak", { n: peak(data.online), count: count(peak(data.online), l) })}
            x={data.x}
            y={data.online}
            sum={peak(data.online)}
            color="#2f855a"
          />
        </div>
      )}
    </section>
  );
}

function Chart({ testId, title, summary, x, y, sum, color }: { testId: string; title: string; summary: string; x: number[]; y: number[]; sum: number; color: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = host.current!;
    const width = () => Math.max(200, el.clientWidth);
    const u = new uPlot(
      {
        width: width(),
        height: 180,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [{ stroke: "currentColor", grid: { stroke: "rgba(128,128,128,.2)" } }, { stroke: "currentColor", grid: { stroke: "rgba(128,128,128,.2)" }, size: 40 }],
        series: [{}, { label: title, stroke: color, fill: `${color}22`, width: 2, points: { show: false } }],
      },
      [x, y],
      el,
    );
    plot.current = u;
    const observer = new ResizeObserver(() => u.setSize({ width: width(), height: 180 }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [title, color]);

  useEffect(() => {
    plot.current?.setData([x, y]);
  }, [x, y]);

  return (
    <figure class="chart" data-testid={testId} data-value={sum}>
      <figcaption>
        <strong>{title}</strong> <span class="muted">{summary}</span>
      </figcaption>
      <div ref={host} role="img" aria-label={`${title}: ${summary}`} />
    </figure>
  );
}

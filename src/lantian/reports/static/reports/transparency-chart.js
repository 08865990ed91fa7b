/* ECharts for the transparency self-score's trend: the total (a gap for a year with too
   little data) and each class's points. The table under the chart has the figures; the
   container carries role="img" and a label. */
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("transparency-chart-data");
    if (!window.echarts || !el) return;
    var spec = JSON.parse(el.textContent);
    var box = document.getElementById(spec.id);
    if (!box) return;
    var chart = echarts.init(box, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      grid: { left: 44, right: 12, top: 56, bottom: 32 },
      legend: { top: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: spec.x },
      yAxis: { type: "value", min: 0, max: 100 },
      series: spec.series.map(function (s, i) {
        return i === 0
          ? { type: "line", name: s.name, data: s.data, connectNulls: false, lineStyle: { width: 3 }, itemStyle: { color: "#0f5296" } }
          : { type: "bar", stack: "classes", name: s.name, data: s.data };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

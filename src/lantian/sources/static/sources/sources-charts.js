/* Each outlet's recent values with the limit as a dashed line. The data come from a
   json_script element; each chart's container carries role="img" and a summary. */
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("sources-charts-data");
    if (!el || !window.echarts) return;
    var charts = [];
    JSON.parse(el.textContent).forEach(function (spec) {
      var box = document.getElementById(spec.id);
      if (!box) return;
      var chart = echarts.init(box, null, { renderer: "canvas" });
      var series = { type: "line", name: spec.title, data: spec.y, connectNulls: false, symbolSize: 3,
        lineStyle: { color: "#0f5296", width: 1.5 }, itemStyle: { color: "#0f5296" } };
      if (spec.limit !== null) {
        series.markLine = { symbol: "none", silent: true, label: { formatter: String(spec.limit) },
          lineStyle: { color: "#b3261e", type: "dashed", width: 2 }, data: [{ yAxis: spec.limit }] };
      }
      chart.setOption({
        animation: false,
        aria: { enabled: false },
        grid: { left: 48, right: 40, top: 16, bottom: 28 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: spec.x, axisLabel: { hideOverlap: true } },
        yAxis: { type: "value", min: 0 },
        series: [series]
      });
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

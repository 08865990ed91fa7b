/* ECharts for the yearly bulletin: days per AQI level, the good-days ratio by month and
   the water sites per class. The figures are in the table after each chart; the
   container carries role="img" and a label. Data come from a JSON script element. */
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("bulletin-charts-data");
    if (!window.echarts || !el) return;
    var charts = [];
    JSON.parse(el.textContent).forEach(function (spec) {
      var box = document.getElementById(spec.id);
      if (!box) return;
      var chart = echarts.init(box, null, { renderer: "canvas" });
      var series = spec.type === "line"
        ? { type: "line", name: spec.name, data: spec.y, connectNulls: false, itemStyle: { color: "#0f5296" } }
        : {
            type: "bar", name: spec.name, label: { show: true, position: "top" },
            data: spec.y.map(function (v, i) { return { value: v, itemStyle: { color: spec.colors[i], borderColor: "#333" } }; })
          };
      chart.setOption({
        animation: false,
        aria: { enabled: false },
        grid: { left: 44, right: 12, top: 24, bottom: 48 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: spec.x, axisLabel: { interval: 0, hideOverlap: true } },
        yAxis: { type: "value", min: 0, max: spec.max, minInterval: 1, name: spec.name },
        series: [series]
      });
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

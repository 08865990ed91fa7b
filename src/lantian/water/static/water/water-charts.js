/* ECharts for a water site's months. The data come from the json_script element
   "water-charts-data"; each chart's container carries role="img" and a summary, and the
   table after the charts holds the same values. */
(function () {
  "use strict";

  var CLASS_NAMES = ["", "I", "II", "III", "IV", "V", "劣V"];

  function option(spec) {
    var base = {
      animation: false,
      aria: { enabled: false },
      grid: { left: 48, right: 16, top: 20, bottom: 32 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: spec.x, axisLabel: { hideOverlap: true } }
    };
    if (spec.kind === "class") {
      base.yAxis = {
        type: "value", min: 0, max: 6, interval: 1, inverse: false,
        axisLabel: { formatter: function (v) { return CLASS_NAMES[v] || ""; } }
      };
      base.tooltip.formatter = function (params) {
        var p = params[0];
        return p.name + ": " + (spec.names[p.dataIndex] || spec.not_sampled);
      };
      base.series = [{
        type: "bar",
        data: spec.y.map(function (v, i) {
          return { value: v, itemStyle: { color: spec.colors[i], borderColor: "#333", borderWidth: 0.5 } };
        })
      }];
      return base;
    }
    base.yAxis = { type: "value", min: 0 };
    base.series = [{
      type: "line", name: spec.title, data: spec.y, connectNulls: false, symbolSize: 5,
      lineStyle: { color: "#0f5296", width: 2 }, itemStyle: { color: "#0f5296" }
    }];
    if (spec.limit !== null && spec.limit !== undefined) {
      base.series[0].markLine = {
        symbol: "none", silent: true,
        lineStyle: { color: "#a4161a", type: "dashed" },
        label: { formatter: spec.limit_label + " " + spec.limit, position: "insideEndTop" },
        data: [{ yAxis: spec.limit }]
      };
    }
    return base;
  }

  function init() {
    var el = document.getElementById("water-charts-data");
    if (!window.echarts || !el) return;
    var charts = [];
    JSON.parse(el.textContent).forEach(function (spec) {
      var box = document.getElementById(spec.id);
      if (!box) return;
      var chart = echarts.init(box, null, { renderer: "canvas" });
      chart.setOption(option(spec));
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

// Roll-up page: the month-by-month trend chart (its numbers are also in the trend table) and
// the "Cetak" button. Data comes from the json_script block "rollup-data".
(() => {
  "use strict";

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  const draw = () => {
    const source = document.getElementById("rollup-data");
    const canvas = document.getElementById("rollup-trend-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    const data = JSON.parse(source.textContent);
    const css = getComputedStyle(document.documentElement);
    const colour = (key) => css.getPropertyValue(`--dash-${key}`).trim() || "#6c757d";
    const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map((s) => ({
          label: s.label,
          data: s.data,
          backgroundColor: colour(s.key),
          borderRadius: 2,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : undefined,
        locale: document.documentElement.lang || "id",
        scales: {
          y: {
            beginAtZero: true,
            ticks: { precision: 0 },
            title: { display: true, text: data.axis },
          },
        },
        plugins: { legend: { position: "bottom" } },
      },
    });
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

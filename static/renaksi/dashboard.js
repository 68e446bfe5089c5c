// Unit dashboard: the per-area bar chart (its numbers are also in the table beside it) and
// the "Cetak" button. Data comes from the json_script block "dashboard-data".
(() => {
  "use strict";

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  const wrap = (label, width) => {
    const lines = [];
    let line = "";
    for (const word of String(label).split(/\s+/)) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    }
    if (line) lines.push(line);
    return lines;
  };

  const draw = () => {
    const source = document.getElementById("dashboard-data");
    const canvas = document.getElementById("dash-area-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    const data = JSON.parse(source.textContent);
    const css = getComputedStyle(document.documentElement);
    const colour = (key) => css.getPropertyValue(`--dash-${key}`).trim() || "#6c757d";
    const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    // Three bars per area need room: about 3 rem each, plus the axis and the legend.
    canvas.parentElement.style.height = `${Math.max(14, 6 + data.labels.length * 3)}rem`;

    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels.map((label) => wrap(label, 24)),
        datasets: data.series.map((s) => ({
          label: s.label,
          data: s.data,
          backgroundColor: colour(s.key),
          borderRadius: 2,
        })),
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : undefined,
        locale: document.documentElement.lang || "id",
        scales: {
          y: {
            ticks: { autoSkip: false },
          },
          x: {
            beginAtZero: true,
            ticks: { precision: 0 },
            title: { display: true, text: data.axis },
          },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              title: (items) => data.labels[items[0].dataIndex],
            },
          },
        },
      },
    });
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

// Plan page: the "Cetak" button prints the lampiran (print CSS does the layout).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// The grid's cells carry only their state as a class (issue 19, "Fewer bytes"); their tooltip
// and accessible description ("Februari: Terverifikasi, terlambat") are put together here from
// the column headers and the legend, which the page prints once. Without this script the cells
// still show their state by colour and symbol, explained by the legend.
(() => {
  const table = document.querySelector("[data-testid=plan-table]");
  if (!table) {
    return;
  }
  const words = {};
  for (const item of document.querySelectorAll("[data-cell-state]")) {
    words[item.dataset.cellState] = item.dataset.word;
  }
  const periods = [...table.querySelectorAll("thead th.col-period")].map((th) => th.title);
  for (const link of table.querySelectorAll("tbody td > a:not(.edit-link)")) {
    const classes = link.parentElement.classList;
    const period = Number(link.getAttribute("href").split("/").at(-2));
    const parts = [...classes].map((name) => words[name]).filter(Boolean);
    if (periods[period - 1] && parts.length) {
      link.title = `${periods[period - 1]}: ${parts.join(", ")}`;
    }
  }
  for (const link of table.querySelectorAll("a.edit-link[aria-label]")) {
    link.title = link.getAttribute("aria-label");
  }
})();

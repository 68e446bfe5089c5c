// Plan page: the "Cetak" button prints the lampiran (print CSS does the layout).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

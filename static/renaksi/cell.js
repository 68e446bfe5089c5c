// Cell page: choosing "Selesai" sets the progress to 100 %, "Belum dimulai" to 0 %.
document.addEventListener("change", (event) => {
  const status = event.target.closest("select[name=status]");
  const progress = status && status.form.querySelector("input[name=progress]");
  if (!progress) {
    return;
  }
  if (status.value === "done") {
    progress.value = "100";
  } else if (status.value === "not_started") {
    progress.value = "0";
  }
});

// A form with data-confirm asks before it is sent (e.g. "done" with no evidence or description).
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

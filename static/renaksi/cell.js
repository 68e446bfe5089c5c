// Cell page: choosing "Selesai" sets the progress to 100 %, "Belum dimulai" to 0 %.
function progressFollowStatus(form) {
  const status = form && form.querySelector("select[name=status]");
  const progress = form && form.querySelector("input[name=progress]");
  if (!status || !progress) {
    return;
  }
  if (status.value === "done") {
    progress.value = "100";
  } else if (status.value === "not_started") {
    progress.value = "0";
  }
}

document.addEventListener("change", (event) => {
  const status = event.target.closest("select[name=status]");
  if (status) {
    progressFollowStatus(status.form);
  }
});

// This script is deferred: on a slow line the status may be chosen before it runs. Bring the
// progress in line now, and again when the form is sent.
document.querySelectorAll("select[name=status]").forEach((status) => {
  progressFollowStatus(status.form);
});

document.addEventListener("submit", (event) => {
  progressFollowStatus(event.target);
  // A form with data-confirm asks before it is sent (e.g. "done" with no evidence or description).
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

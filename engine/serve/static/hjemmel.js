// Progressive enhancement only: every page works without this file.
// It shows the print button on the report (printing needs a script) and hides the hint
// that tells how to print without it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-print-hint]").forEach(function (hint) { hint.hidden = true; });
});

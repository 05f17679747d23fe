// Moves focus to the error summary (or the notice) when the page has one,
// so that screen reader and keyboard users land on it. The form works
// without this script.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.querySelector("[data-autofocus]");
  if (el) {
    el.focus();
  }
});

// Balanse: small progressive enhancements. Pages work without this file.
(function () {
  "use strict";
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }
  // A form submitted twice by a double click: disable its submit buttons after the first submit.
  function guardDoubleSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.hasAttribute("data-allow-resubmit")) { return; }
    if (form.dataset.submitting === "1") { event.preventDefault(); return; }
    form.dataset.submitting = "1";
    window.setTimeout(function () { form.dataset.submitting = ""; }, 4000);
  }
  document.addEventListener("submit", guardDoubleSubmit, true);
  // A button marked data-print prints the page (the record of processing).
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (button) { window.print(); }
  });
  document.addEventListener("DOMContentLoaded", focusErrorSummary);
})();

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
  // Logging out forgets the drafts this person's typing left in the browser (the workbook keeps them there).
  document.addEventListener("submit", function (event) {
    if (!(event.target instanceof HTMLFormElement) || !event.target.hasAttribute("data-clears-drafts")) { return; }
    try {
      for (var i = window.localStorage.length - 1; i >= 0; i--) {
        var name = window.localStorage.key(i);
        if (name && name.indexOf("balanse-draft:") === 0) { window.localStorage.removeItem(name); }
      }
    } catch (error) { /* no storage: nothing to forget */ }
  });
  document.addEventListener("DOMContentLoaded", focusErrorSummary);
})();

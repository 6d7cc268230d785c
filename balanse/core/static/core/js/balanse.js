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
  // On a phone the main menu folds behind one button (CSS shows the button only on narrow screens).
  function setUpMenu() {
    var header = document.querySelector(".site-header");
    var toggle = header && header.querySelector(".site-menu-toggle");
    if (!toggle) { return; }
    header.classList.add("menu-collapsible");
    function set(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    }
    toggle.addEventListener("click", function () { set(toggle.getAttribute("aria-expanded") !== "true"); });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") { set(false); toggle.focus(); }
    });
  }
  document.addEventListener("DOMContentLoaded", setUpMenu);
})();

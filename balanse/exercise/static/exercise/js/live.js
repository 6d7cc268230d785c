// "OK eller ikke OK" on the phone. htmx does the work (the SSE extension follows the facilitator, hx-get swaps
// the live part, hx-post saves each answer as soon as it is chosen); this file only adds what htmx leaves to
// the page: a refused answer's message is shown too, a lost connection is said, and focus is kept in place.
(function () {
  "use strict";
  var hadFocus = false;
  document.addEventListener("htmx:beforeSwap", function (event) {
    // 400 (closed), 403 (not joined), 429 (too fast): the answer is a message for the status line.
    var status = event.detail.xhr.status;
    if (event.detail.elt.matches(".vote-form") && (status === 400 || status === 403 || status === 429)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
    var part = event.detail.target;
    hadFocus = part.matches(".live-part") && part.contains(document.activeElement);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    // The scenario changed under the person's finger: put focus on its heading, not on the page's top.
    if (!hadFocus || !event.detail.target.matches(".live-part")) return;
    var heading = event.detail.target.querySelector("h2");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    hadFocus = false;
  });
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt;
    if (!form.matches(".vote-form")) return;
    var status = form.querySelector(".vote-status");
    if (status) status.textContent = form.dataset.offlineMessage || "";
  });
})();

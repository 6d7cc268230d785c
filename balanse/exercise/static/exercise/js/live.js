// "OK eller ikke OK" on the phone. htmx does the work (the SSE extension follows the facilitator, hx-get swaps
// the live part, hx-post saves each answer as soon as it is chosen); this file only adds what htmx leaves to
// the page: a refused answer's message is shown too, a lost connection is said, focus is kept in place, and a
// live part that failed to load is fetched again.
(function () {
  "use strict";
  var hadFocus = false;
  var retries = 0;
  var retryTimer = null;

  // The push stream says a new version once; if the live part's fetch then fails (the Wi-Fi dropped, the server
  // was restarting: no answer or a 5xx), the page would show the old scenario until the next change. Fetch it
  // again, after 1, 2, 4 and then every 8 seconds, until it loads.
  function fetchAgain(event) {
    var part = event.detail.elt;
    if (!part || !part.matches(".live-part")) return;
    var xhr = event.detail.xhr;
    if (event.type === "htmx:responseError" && xhr && xhr.status < 500) return; // 403, 404: again would not help
    window.clearTimeout(retryTimer);
    var delay = Math.min(1000 * Math.pow(2, retries), 8000);
    retries += 1;
    retryTimer = window.setTimeout(function () {
      htmx.ajax("GET", part.getAttribute("hx-get"), { source: part, target: part, swap: "innerHTML" });
    }, delay);
  }
  document.addEventListener("htmx:responseError", fetchAgain);
  document.addEventListener("htmx:sendError", fetchAgain);
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
    if (event.detail.target.matches(".live-part")) { retries = 0; window.clearTimeout(retryTimer); }
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

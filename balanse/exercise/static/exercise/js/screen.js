// The control view and the presenter view refresh their live part at most twice a second while people join and
// answer (hx-trigger "throttle"). htmx drops the events that arrive while it throttles, so the last answers of a
// burst would not show until the next event: this file sends "live-settle" 600 ms after the last one.
// It also marks whether the push stream is connected: data-live="open" or "closed" on the element that holds it
// (the browser tests wait for "open" before they change anything).
(function () {
  "use strict";
  var timer = null;
  function settle(event) {
    var part = event.target.closest ? event.target.closest(".live-part") : null;
    if (!part) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { part.dispatchEvent(new CustomEvent("live-settle")); }, 600);
  }
  function mark(state) {
    return function (event) {
      var live = event.target.closest ? event.target.closest("[sse-connect]") : null;
      if (live) live.dataset.live = state;
    };
  }
  document.addEventListener("sse:vote", settle);
  document.addEventListener("sse:joined", settle);
  document.addEventListener("htmx:sseOpen", mark("open"));
  document.addEventListener("htmx:sseError", mark("closed"));
})();

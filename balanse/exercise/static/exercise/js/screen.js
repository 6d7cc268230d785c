// The control view and the presenter view refresh their live part at most twice a second while people join and
// answer (hx-trigger "throttle"). htmx drops the events that arrive while it throttles, so the last answers of a
// burst would not show until the next event: this file sends "live-settle" 600 ms after the last one.
(function () {
  "use strict";
  var timer = null;
  function settle(event) {
    var part = event.target.closest ? event.target.closest(".live-part") : null;
    if (!part) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { part.dispatchEvent(new CustomEvent("live-settle")); }, 600);
  }
  document.addEventListener("sse:vote", settle);
  document.addEventListener("sse:joined", settle);
})();

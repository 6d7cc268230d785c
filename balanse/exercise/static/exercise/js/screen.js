// The big screen refreshes its live part when something happens (joins, answers, state changes), at most
// twice a second. Without JavaScript the facilitator reloads the page.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root || !window.EventSource) return;
  var timer = null;
  var first = true;

  function refresh() {
    timer = null;
    fetch(root.dataset.liveUrl, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) { root.innerHTML = html; })
      .catch(function () { /* the next event tries again */ });
  }

  var source = new EventSource(root.dataset.streamUrl);
  source.onmessage = function () {
    if (first) { first = false; return; } // the page was just rendered with this state
    if (timer === null) timer = setTimeout(refresh, 500);
  };
})();

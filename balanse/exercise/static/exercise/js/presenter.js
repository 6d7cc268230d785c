// The presenter view on the projector: keyboard shortcuts (a presentation clicker sends Page Down / Page Up)
// post the facilitator's controls; the push stream then refreshes this view and the control view alike.
(function () {
  "use strict";
  var main = document.querySelector("[data-control-url]");
  if (!main) return;
  var KEYS = {
    ArrowRight: "advance", PageDown: "advance", " ": "advance",
    ArrowLeft: "previous", PageUp: "previous",
    o: "toggle", O: "toggle", v: "reveal", V: "reveal", n: "next", N: "next"
  };
  var status = document.querySelector("[data-presenter-status]");
  var busy = false;

  function say(text) { if (status) status.textContent = text || ""; }

  function refresh() {
    var part = document.querySelector(".live-part");
    if (part) part.dispatchEvent(new CustomEvent("presenter-refresh"));
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen().catch(function () {}); }
  }

  function send(action) {
    busy = true;
    var body = new FormData();
    body.append("action", action);
    body.append("csrfmiddlewaretoken", main.dataset.csrf);
    fetch(main.dataset.controlUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Balanse-Control": "key", "X-CSRFToken": main.dataset.csrf }
    }).then(function (response) {
      return response.text().then(function (text) { say(response.ok ? "" : text); });
    }).catch(function () {
      say(main.dataset.offlineMessage);
    }).then(function () {
      busy = false;
      refresh();
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    var target = event.target;
    // Space and Enter keep their meaning on links, buttons and the results' "Numbers" toggles.
    if ((event.key === " " || event.key === "Enter") && target.closest && target.closest("a, button, summary, input, select, textarea")) return;
    if (event.key === "f" || event.key === "F") { event.preventDefault(); toggleFullscreen(); return; }
    var action = KEYS[event.key];
    if (!action) return;
    event.preventDefault();
    if (!busy) send(action);
  });
})();

// "OK eller ikke OK" on the phone: answers are saved as soon as they are chosen, and the page follows the
// facilitator through server push (EventSource reconnects by itself; every (re)connect starts with the full
// state, so a locked phone or a lost network catches up). Without JavaScript the page works by reloading.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) return;
  var loading = false;
  var again = false;

  function current() {
    var el = root.querySelector(".live-state");
    return el ? { version: el.dataset.version, scenario: el.dataset.scenario, phase: el.dataset.phase, state: el.dataset.state } : {};
  }

  function refresh() {
    if (loading) { again = true; return; }
    loading = true;
    fetch(root.dataset.liveUrl, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        var focused = document.activeElement && root.contains(document.activeElement);
        root.innerHTML = html;
        if (focused) {
          var heading = root.querySelector("h2");
          if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
        }
      })
      .catch(function () { /* the next event or reconnect tries again */ })
      .finally(function () { loading = false; if (again) { again = false; refresh(); } });
  }

  function onState(state) {
    var shown = current();
    if (state.type !== "state") return;
    if (String(state.version) === shown.version) return;
    refresh();
  }

  if (window.EventSource && root.dataset.streamUrl) {
    var source = new EventSource(root.dataset.streamUrl);
    source.onmessage = function (event) {
      try { onState(JSON.parse(event.data)); } catch (e) { /* ignore a malformed event */ }
    };
  }

  // Save an answer as soon as it is chosen.
  root.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".vote-form input[type=radio]")) return;
    var form = input.form;
    var status = form.querySelector(".vote-status");
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    data.append("scenario", form.querySelector("[name=scenario]").value);
    data.append(input.name, input.value);
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (result) {
        if (status) status.textContent = result.message;
        if (!result.ok) refresh();
      })
      .catch(function () {
        if (status) status.textContent = form.dataset.offlineMessage || "";
      });
  });
})();

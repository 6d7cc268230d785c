// Conversation cards: moving between cards without reloading the page, arrow keys, full screen.
// The page works without this file: every control is a plain link or form.
(function () {
  "use strict";

  function swap(url, push) {
    return fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text().then(function (html) { return { html: html, url: response.url }; });
      })
      .then(function (result) {
        var doc = new DOMParser().parseFromString(result.html, "text/html");
        var focusedId = document.activeElement && document.activeElement.id;
        ["card-live", "card-nav"].forEach(function (id) {
          var fresh = doc.getElementById(id);
          var current = document.getElementById(id);
          if (fresh && current) { current.innerHTML = fresh.innerHTML; }
        });
        document.title = doc.title;
        if (push) { window.history.pushState({ cards: true }, "", result.url); }
        var target = focusedId && document.getElementById(focusedId);
        if (!target || target.disabled) { target = document.getElementById("card-live"); }
        if (target) { target.focus(); }
      })
      .catch(function () { window.location.href = url; });
  }

  function onClick(event) {
    var link = event.target.closest("a[data-card-nav]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    swap(link.href, true);
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") { return; }
    var id = event.key === "ArrowRight" ? "card-next" : event.key === "ArrowLeft" ? "card-previous" : null;
    var link = id && document.getElementById(id);
    if (link && link.tagName.toLowerCase() === "a") {
      event.preventDefault();
      swap(link.href, true);
    }
  }

  function setUpFullscreen() {
    var button = document.querySelector("[data-fullscreen]");
    var screen = document.getElementById("card-screen");
    if (!button || !screen || !document.fullscreenEnabled) { return; }
    var enterLabel = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      if (document.fullscreenElement) { document.exitFullscreen(); } else { screen.requestFullscreen(); }
    });
    document.addEventListener("fullscreenchange", function () {
      button.textContent = document.fullscreenElement ? button.dataset.labelExit : enterLabel;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.getElementById("card-live")) { return; }
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    window.addEventListener("popstate", function () { swap(window.location.href, false); });
    setUpFullscreen();
  });
})();

// The site's one copy-to-clipboard script. <button data-copy-target="ID" data-copied-text="…" hidden> copies
// the text (or value) of #ID and announces it in the element with data-copy-status="ID" (or, failing that, the
// data-copy-status element beside the button). The button stays hidden without JavaScript.
(function () {
  "use strict";
  function announce(button, id, text) {
    var status = document.querySelector('[data-copy-status="' + id + '"]') ||
      button.parentNode.querySelector("[data-copy-status]");
    if (status) { status.textContent = text; }
  }
  function copy(button) {
    var id = button.getAttribute("data-copy-target");
    var field = document.getElementById(id);
    if (!field) { return; }
    var text = field.value !== undefined ? field.value : field.textContent;
    var done = function () { announce(button, id, button.getAttribute("data-copied-text") || ""); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { field.select(); document.execCommand("copy"); done(); });
    } else {
      field.focus();
      field.select();
      document.execCommand("copy");
      done();
    }
  }
  function init() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      if (button.dataset.copyReady) { return; }
      button.dataset.copyReady = "1";
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();

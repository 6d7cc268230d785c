// Copy buttons: <button data-copy-target="id"> copies the text of the element with that id.
(function () {
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = button.parentNode.querySelector("[data-copy-status]");
      navigator.clipboard.writeText(target.value || target.textContent).then(function () {
        if (status) status.textContent = button.getAttribute("data-copied-text");
      }, function () {
        target.select();
      });
    });
  });
})();

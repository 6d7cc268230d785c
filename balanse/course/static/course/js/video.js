// The video step: an interactive transcript that seeks the video, and completion at 95 % or when the
// transcript is opened. No inline script (CSP); the URLs come from data attributes.
(function () {
  "use strict";
  var video = document.getElementById("course-video");
  var transcript = document.getElementById("transcript");
  var sent = false;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function complete(url) {
    if (sent || !url) return;
    sent = true;
    var body = new URLSearchParams();
    body.append("csrfmiddlewaretoken", csrfToken());
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrfToken() },
    }).catch(function () {
      sent = false;
    });
  }

  if (transcript) {
    transcript.addEventListener("toggle", function () {
      if (transcript.open) complete(transcript.dataset.completeUrl);
    });
  }
  if (video) {
    video.addEventListener("timeupdate", function () {
      if (video.duration && video.currentTime / video.duration >= 0.95) complete(video.dataset.completeUrl);
      var cues = document.querySelectorAll(".course-cue");
      var current = null;
      cues.forEach(function (cue) {
        if (parseFloat(cue.dataset.start) <= video.currentTime) current = cue;
      });
      cues.forEach(function (cue) {
        if (cue === current) cue.setAttribute("aria-current", "true");
        else cue.removeAttribute("aria-current");
      });
    });
    document.querySelectorAll(".course-cue").forEach(function (cue) {
      cue.addEventListener("click", function () {
        video.currentTime = parseFloat(cue.dataset.start);
        var played = video.play();
        if (played && played.catch) played.catch(function () {});
        video.focus();
      });
    });
  }
})();

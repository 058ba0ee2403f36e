// 「学習して反映」: while a training run is going, asks for its progress every
// few seconds and updates the bar, the stage and the elapsed time; when the
// run has ended, reloads the page to show the result.
(function () {
  "use strict";
  var section = document.getElementById("run-status");
  if (!section || !section.dataset.runUrl) {
    return;
  }
  var url = section.dataset.runUrl;
  var every = parseInt(section.dataset.pollMs, 10) || 2000;
  var bar = document.getElementById("run-progress");

  function show(status) {
    section.querySelectorAll("[data-field]").forEach(function (node) {
      var value = status[node.dataset.field];
      if (typeof value === "string" && node.textContent !== value) {
        node.textContent = value;
      }
    });
    var stages = Array.prototype.slice.call(section.querySelectorAll("[data-stage]"));
    var reached = stages.findIndex(function (item) {
      return item.dataset.stage === status.stage;
    });
    stages.forEach(function (item, index) {
      item.className = index === reached ? "current" : index < reached ? "done" : "";
      if (index === reached) {
        item.setAttribute("aria-current", "step");
      } else {
        item.removeAttribute("aria-current");
      }
    });
    if (bar) {
      bar.value = status.progress;
      bar.textContent = status.progress + "%";
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.going) {
          window.setTimeout(poll, every);
        } else {
          window.location.assign("/staff/publish?run=" + status.id);
        }
      })
      .catch(function () {
        window.setTimeout(poll, every * 2);
      });
  }

  window.setTimeout(poll, every);
})();

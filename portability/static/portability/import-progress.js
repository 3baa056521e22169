/* The import progress page: polls the job's status and moves the bar; reloads for the report when it is done.
   Without JavaScript the page refreshes itself instead (a <noscript> meta refresh). */
(function () {
  "use strict";
  var bar = document.getElementById("import-progress");
  if (!bar || !bar.dataset.statusUrl) {
    return;
  }
  var label = document.querySelector("label[for='import-progress']");

  function show(status) {
    bar.max = status.total;
    bar.value = status.processed;
    bar.textContent = status.percent + "%";
    if (label) {
      label.textContent = status.processed + " of " + status.total + " rows imported";
    }
  }

  function poll() {
    fetch(bar.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (status) {
        show(status);
        if (status.active) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();

// Progressive touches for the public pages; everything works without this file.
(function () {
  "use strict";

  // An uploaded poster that fails to load is replaced by the drawn placeholder,
  // so a missing file never shows as a broken image.
  function useFallback(img) {
    var fallback = img.getAttribute("data-fallback");
    if (fallback && img.getAttribute("src") !== fallback) {
      img.setAttribute("src", fallback);
    }
  }

  document.querySelectorAll("img[data-fallback]").forEach(function (img) {
    if (img.complete && img.naturalWidth === 0) {
      useFallback(img);
    } else {
      img.addEventListener("error", function () { useFallback(img); }, { once: true });
    }
  });
})();

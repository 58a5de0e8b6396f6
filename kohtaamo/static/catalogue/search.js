// The search page: after a search, focus moves to the results (or to the error summary);
// on narrow screens the filters fold behind one "Filter (n)" button so that the results
// come first. Without JavaScript the filters simply stay open.
(function () {
  "use strict";
  var filters = document.getElementById("search-filters");
  var toggle = document.getElementById("filter-toggle");
  var narrow = window.matchMedia("(max-width: 48rem)");

  function fold() {
    if (narrow.matches) {
      toggle.hidden = false;
      filters.hidden = toggle.getAttribute("aria-expanded") !== "true";
    } else {
      toggle.hidden = true;
      filters.hidden = false;
    }
  }

  if (filters && toggle) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      filters.hidden = !open;
    });
    narrow.addEventListener("change", fold);
    fold();
  }

  if (window.location.search.length > 1) {
    var summary = document.querySelector(".search-form .error-summary");
    var heading = document.getElementById("results-title");
    var target = summary || heading;
    if (target) {
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  }
})();

// The mood check on a phone: one tap on a face adds one participant to it. The number
// inputs stay (they are the form, and they work without this script); the taps only
// spare typing. The button says aloud what it adds and the count it reached.
(function () {
  "use strict";
  document.querySelectorAll(".mood-face").forEach(function (row) {
    var input = row.querySelector("input");
    var label = row.querySelector("label");
    if (!input || !label) {
      return;
    }
    var face = label.querySelector(".face");
    var name = label.textContent.replace(face ? face.textContent : "", "").trim();
    var button = document.createElement("button");
    button.type = "button";
    button.className = "mood-tap";
    button.textContent = face ? face.textContent : "+";
    var announce = document.createElement("span");
    announce.className = "visually-hidden";
    announce.setAttribute("aria-live", "polite");
    function describe() {
      button.setAttribute("aria-label", (row.closest("form").dataset.tapLabel || "+1") + ": " + name + " (" + (parseInt(input.value, 10) || 0) + ")");
    }
    button.addEventListener("click", function () {
      input.value = (parseInt(input.value, 10) || 0) + 1;
      describe();
      announce.textContent = name + ": " + input.value;
    });
    describe();
    row.insertBefore(button, row.firstChild);
    row.appendChild(announce);
  });
})();

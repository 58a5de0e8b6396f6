// Scanning at the door with the phone's or tablet's camera, where the browser can read
// QR codes itself (BarcodeDetector). Without it the form works as it is: type the number.
(function () {
  "use strict";
  var scanner = document.getElementById("scanner");
  var form = document.getElementById("check-in-form");
  if (!scanner || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var button = document.getElementById("scan-button");
  var video = document.getElementById("scanner-video");
  var status = document.getElementById("scanner-status");
  var input = form.querySelector("input[name=code]");
  var stream = null;

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.hidden = true;
  }

  function look(detector) {
    if (!stream) {
      return;
    }
    detector.detect(video).then(function (codes) {
      if (codes.length && codes[0].rawValue) {
        input.value = codes[0].rawValue;
        stop();
        form.submit();
        return;
      }
      window.setTimeout(function () { look(detector); }, 200);
    }, function () {
      window.setTimeout(function () { look(detector); }, 500);
    });
  }

  scanner.hidden = false;
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        status.textContent = scanner.getAttribute("data-looking");
        return video.play();
      })
      .then(function () { look(detector); })
      .catch(function () {
        stop();
        status.textContent = scanner.getAttribute("data-failed");
        input.focus();
      });
  });
})();

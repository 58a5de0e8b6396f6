// The holder's card page works without this file. With it, a service worker keeps the
// page and its code on the phone, so the card can be shown at a door with no signal.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) {
    return;
  }
  var workerUrl = script.getAttribute("data-service-worker");

  function pageAssets() {
    var urls = [location.pathname];
    var links = document.querySelectorAll("link[rel=stylesheet], link[rel=manifest], link[rel=icon], link[rel=apple-touch-icon], script[src]");
    for (var i = 0; i < links.length; i++) {
      urls.push(links[i].getAttribute("href") || links[i].getAttribute("src"));
    }
    return urls;
  }

  function keepForOffline(worker) {
    var channel = new MessageChannel();
    channel.port1.onmessage = function (event) {
      // Tests and the curious can see that the card is now kept on the phone.
      document.documentElement.setAttribute("data-offline", event.data && event.data.ok ? "ready" : "failed");
    };
    worker.postMessage({ type: "keep", urls: pageAssets() }, [channel.port2]);
  }

  navigator.serviceWorker.register(workerUrl).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    if (registration.active) {
      keepForOffline(registration.active);
    }
  }).catch(function () {
    document.documentElement.setAttribute("data-offline", "unavailable");
  });
})();

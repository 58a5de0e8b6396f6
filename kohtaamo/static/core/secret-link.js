// A page opened by a secret link whose cookie has expired: if the address still holds the
// code after "#" (it never left the phone), post it to open the page again, once.
(function () {
  "use strict";
  var code = decodeURIComponent(location.hash.slice(1));
  var form = document.getElementById("secret-link-form");
  if (!form || !/^[A-Za-z0-9_-]{12,64}$/.test(code)) {
    return;
  }
  try {
    // A refused code, or a browser that keeps no cookies, must not post for ever.
    if (sessionStorage.getItem("secret-link-tried") === code) {
      return;
    }
    sessionStorage.setItem("secret-link-tried", code);
  } catch (error) {
    return;
  }
  document.getElementById("secret-link-code").value = code;
  form.submit();
})();

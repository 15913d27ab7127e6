/* The staff page: sign in with a staff token, then the chat full-page. */
(function () {
  "use strict";
  var KEY = "prevent-chat:staff-token";
  // The words: data/texts.yml `widget`, put in by the server (GET /staff.js).
  var T = "__WIDGET_TEXTS__";
  var signIn = document.getElementById("sign-in");
  var chat = document.getElementById("chat");
  var error = document.getElementById("sign-in-error");
  var input = document.getElementById("token");

  function show(signedIn, message) {
    signIn.hidden = signedIn;
    chat.hidden = !signedIn;
    if (message) { error.textContent = message; error.hidden = false; } else { error.hidden = true; }
    if (!signedIn) input.focus();
  }
  document.getElementById("sign-in-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var token = input.value.trim();
    if (!token) { show(false, T.staff_token_missing); return; }
    sessionStorage.setItem(KEY, token);
    input.value = "";
    show(true);
  });
  document.getElementById("sign-out").addEventListener("click", function () {
    Object.keys(sessionStorage).forEach(function (k) { if (k.indexOf("prevent-chat") === 0) sessionStorage.removeItem(k); });
    fetch("/staff/sign-out", { method: "POST", credentials: "same-origin" }).finally(function () { location.replace("/staff"); });
  });
  document.addEventListener("signed-out", function () {
    sessionStorage.removeItem(KEY);
    show(false, T.staff_signed_out);
  });
  // Signed in by the intranet (a session cookie), or by a pasted token.
  if (sessionStorage.getItem(KEY)) { show(true); return; }
  fetch("/staff/session", { credentials: "same-origin" }).then(function (r) {
    show(r.ok, location.search.indexOf("signed_out") >= 0 ? T.staff_signed_out : null);
  }, function () { show(false); });
})();

// A little help that is never needed: every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // A print button where the page offers one.
  document.querySelectorAll("button.js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // An announced emergency gets the focus, so that it is read out first.
  var alert = document.querySelector(".action[role=alert]");
  if (alert) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }
});

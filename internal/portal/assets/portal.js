// Gatehouse portal: progressive enhancement only. Every page works without
// this script. It adds a "select all" button to the bulk resolution of
// potential matches.
(function () {
  "use strict";
  var bulk = document.getElementById("bulk-events");
  if (!bulk) {
    return;
  }
  var boxes = document.querySelectorAll('input[type=checkbox][form="bulk-events"]');
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = "Select all open matches";
  button.addEventListener("click", function () {
    boxes.forEach(function (b) { b.checked = true; });
  });
  bulk.insertBefore(button, bulk.querySelector("label"));
})();

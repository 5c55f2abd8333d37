// Enhancements only: every page reads and works without this script.
// "/" focuses the search box; Ctrl+Enter in the SPARQL box runs the query;
// j / k move between the rows of the first statements table (its first link gets the focus).
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    if (event.key === "Enter" && event.ctrlKey && target && target.id === "query") {
      target.form.submit();
      event.preventDefault();
      return;
    }
    if (typing) return;
    if (event.key === "/") {
      var box = document.getElementById("q");
      if (box) { box.focus(); box.select(); event.preventDefault(); }
      return;
    }
    if (event.key === "j" || event.key === "k") {
      var rows = Array.prototype.slice.call(document.querySelectorAll("table.statements tbody tr"));
      if (!rows.length) return;
      var current = rows.indexOf(document.activeElement && document.activeElement.closest ? document.activeElement.closest("tr") : null);
      var next = Math.max(0, Math.min(rows.length - 1, current + (event.key === "j" ? 1 : -1)));
      var link = rows[next].querySelector("a");
      if (link) { link.focus(); event.preventDefault(); }
    }
  });
})();

(function () {
  "use strict";
  var table = document.getElementById("people");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var query = document.getElementById("q");
  var region = document.getElementById("f-region");
  var status = document.getElementById("f-status");
  var shown = document.getElementById("shown");
  var empty = document.getElementById("empty");
  var collator = new Intl.Collator(table.getAttribute("data-lang") || "en", {sensitivity: "base", numeric: true});

  function norm(s) {
    return (s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2019\u02bc\u0060\u00b4]/g, "'").toLowerCase().replace(/\s+/g, " ").trim();
  }
  var haystack = rows.map(function (row) { return norm(row.getAttribute("data-search")); });

  function apply() {
    var words = norm(query.value).split(" ").filter(Boolean);
    var wantRegion = region.value, wantStatus = status.value, count = 0;
    rows.forEach(function (row, i) {
      var ok = (!wantRegion || row.getAttribute("data-region") === wantRegion) &&
        (!wantStatus || row.getAttribute("data-status") === wantStatus) &&
        words.every(function (w) { return haystack[i].indexOf(w) !== -1; });
      row.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = shown.getAttribute("data-template")
      .replace("{shown}", String(count)).replace("{total}", String(rows.length));
    empty.hidden = count !== 0;
  }

  function sortBy(th) {
    var key = Number(th.getAttribute("data-key"));
    var numeric = th.getAttribute("data-type") === "num";
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var order = rows.map(function (row, i) {
      return {row: row, i: i, v: row.cells[key].getAttribute("data-sort") || ""};
    });
    order.sort(function (a, b) {
      if (a.v === "" || b.v === "") {
        return a.v === b.v ? a.i - b.i : (a.v === "" ? 1 : -1);
      }
      var c = numeric ? Number(a.v) - Number(b.v) : collator.compare(a.v, b.v);
      return c === 0 ? a.i - b.i : c * dir;
    });
    order.forEach(function (o) { body.appendChild(o.row); });
  }

  // The sort buttons and the filters exist only once the script runs: with JavaScript off the
  // page is a plain table and shows no control that does nothing.
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var head = th.querySelector(".head");
    if (!head) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.title = head.getAttribute("data-sort-title") || "";
    button.textContent = head.textContent;
    head.parentNode.replaceChild(button, head);
    button.addEventListener("click", function () { sortBy(th); });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".controls, #shown"), function (el) {
    el.hidden = false;
  });
  query.addEventListener("input", apply);
  region.addEventListener("change", apply);
  status.addEventListener("change", apply);
  apply();
}());

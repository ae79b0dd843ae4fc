/* kremlinlist's counter of days in custody, for other sites to embed (docs/site.md).
   Each <span class="kremlinlist-counter" data-src="https://SITE/counter/ID.json"> gets the days
   in custody counted up to the reader's today from the published count and its day. */
(function () {
  "use strict";
  var DAY = 86400000;
  function show(el, data) {
    var days = data.days_in_custody;
    if (data.in_custody) {
      var since = Date.parse(data.as_of + "T00:00:00Z");
      var now = Date.now();
      if (!isNaN(since) && now > since) { days += Math.floor((now - since) / DAY); }
    }
    el.textContent = String(days);
    el.setAttribute("data-days", String(days));
  }
  var nodes = document.querySelectorAll(".kremlinlist-counter[data-src]");
  Array.prototype.forEach.call(nodes, function (el) {
    fetch(el.getAttribute("data-src"), {credentials: "omit", referrerPolicy: "no-referrer"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && typeof data.days_in_custody === "number") { show(el, data); } })
      .catch(function () { /* the page stays as it was */ });
  });
}());

// crosswire pages: highlight the fact named in the URL fragment, and draw the Vega-Lite charts.
(function () {
  "use strict";
  function highlight() {
    document.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    // every piece of the span carries its anchor id in data-refs (spans may be cut by overlapping facts)
    var marks = Array.prototype.filter.call(document.querySelectorAll("mark[data-refs]"), function (m) {
      return m.getAttribute("data-refs").split(" ").indexOf(id) >= 0;
    });
    marks.forEach(function (m) { m.classList.add("current"); });
    (marks[0] || target).scrollIntoView({block: "center"});
  }
  function charts() {
    if (typeof vegaEmbed === "undefined") return;
    document.querySelectorAll(".chart[data-spec]").forEach(function (el) {
      var spec = JSON.parse(document.getElementById(el.getAttribute("data-spec")).textContent);
      vegaEmbed(el, spec, {actions: false, renderer: "svg"}).then(function () {
        el.setAttribute("data-rendered", "1");
      }).catch(function (err) { el.textContent = "chart unavailable: " + err; });
    });
  }
  window.addEventListener("hashchange", highlight);
  document.addEventListener("DOMContentLoaded", function () { highlight(); charts(); });
})();

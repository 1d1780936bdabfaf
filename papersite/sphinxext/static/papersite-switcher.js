// Switching language keeps the reader's place: a section's id comes from the
// source's (English) title, so the same section has the same id in every
// language (tests/browser/test_site.py checks it). The links work without this.
(function () {
  function keepSection() {
    var links = document.querySelectorAll(".sidebar-languages a[hreflang], .page-languages a[hreflang]");
    for (var i = 0; i < links.length; i++) {
      links[i].hash = location.hash;
    }
  }
  window.addEventListener("hashchange", keepSection);
  document.addEventListener("DOMContentLoaded", keepSection);
})();

// Reloads a wall screen every data-refresh seconds (a timed <meta refresh>
// cannot be paused and fails WCAG 2.2.1; this stops while the page is hidden
// or a control has focus).
(function () {
  var s = document.currentScript, n = s && +s.dataset.refresh;
  if (!n) return;
  setInterval(function () {
    var a = document.activeElement;
    if (document.hidden || (a && a !== document.body && a.matches('select, input, textarea, details, summary'))) return;
    location.reload();
  }, n * 1000);
})();

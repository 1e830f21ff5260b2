// Small helpers for the ballot receipt: copy it, print it. The page works
// without them (the receipt is shown in large type and in a selectable field).
document.addEventListener("click", function (e) {
  var b = e.target.closest("[data-copy]");
  if (b) {
    var v = b.getAttribute("data-copy");
    if (navigator.clipboard) {
      navigator.clipboard.writeText(v).then(function () { b.textContent = b.getAttribute("data-done") || "已复制"; });
    }
    return;
  }
  if (e.target.closest("[data-print]")) {
    window.print();
  }
});

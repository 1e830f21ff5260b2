// Print buttons on the assignment letter and the summary table (the pages
// work without this; it only saves finding the browser's print command).
document.addEventListener("click", function (e) {
  var b = e.target.closest("[data-print]");
  if (b) { e.preventDefault(); window.print(); }
});

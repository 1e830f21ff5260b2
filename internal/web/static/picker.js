// Pickers (a list of checkboxes under group headings) work without this:
// it only adds a box that narrows the list as one types a name, a
// delegation or a unit, and keeps the ticked ones in view.
(function () {
  function setup(p) {
    if (p.dataset.ready) { return; }
    p.dataset.ready = "1";
    var box = p.querySelector(".picker-filter");
    if (!box) { return; }
    box.hidden = false;
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase();
      p.querySelectorAll(".picker-group").forEach(function (g) {
        var any = false;
        var legend = g.querySelector("legend");
        var inGroup = q !== "" && legend && legend.textContent.toLowerCase().indexOf(q) >= 0;
        g.querySelectorAll(".picker-item").forEach(function (it) {
          var show = q === "" || inGroup || it.querySelector("input").checked ||
            it.textContent.toLowerCase().indexOf(q) >= 0;
          it.hidden = !show;
          any = any || show;
        });
        g.hidden = !any;
      });
    });
  }
  function all() { document.querySelectorAll(".picker").forEach(setup); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", all);
  } else {
    all();
  }
})();

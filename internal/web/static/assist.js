// Fills an item's assistance slot (similar items, proposed units) from its
// own address once the page is shown; without this the slot's link opens
// the same panels as a page.
(function () {
  var slot = document.querySelector("[data-assist]");
  if (!slot || !window.fetch) return;
  fetch(slot.dataset.assist, { credentials: "same-origin" }).then(function (r) {
    if (!r.ok) throw r.status;
    return r.text();
  }).then(function (html) {
    var box = document.createElement("div");
    box.innerHTML = html;
    var panels = box.querySelector("#assist-panels");
    if (panels) slot.replaceWith(panels);
  }).catch(function () {});
})();

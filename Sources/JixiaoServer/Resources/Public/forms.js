// 按类型显示栏目: when a choice that decides a row's fields changes (a target's kind), the fields
// of the new choice are shown and sent, the others hidden and not sent, at once. Without the
// script the page shows the stored choice's fields and a button that shows another's.
(function () {
  var groups = document.querySelectorAll("fieldset.variant[data-choice]");
  if (!groups.length) return;
  document.querySelectorAll("button.show-variant").forEach(function (b) { b.hidden = true; });
  function update(select) {
    groups.forEach(function (group) {
      if (group.getAttribute("data-choice") !== select.name) return;
      var on = group.getAttribute("data-values").split(" ").indexOf(select.value) >= 0;
      group.hidden = !on;
      group.disabled = !on;
    });
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.tagName === "SELECT" && document.querySelector("fieldset.variant[data-choice=\"" + CSS.escape(target.name) + "\"]")) update(target);
  });
})();

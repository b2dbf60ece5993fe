// 即时核对: checks the text as it is typed (after a pause) and shows the findings, without saving.
// The page works without it: saving shows the same findings.
(function () {
  var area = document.getElementById("evaluation-text");
  if (!area) return;
  var token = document.querySelector("input[name=_csrf]").value;
  var box = document.getElementById("live");
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}[c]; }); }
  function show(result) {
    if (!result.ok) {
      box.innerHTML = "<div class=\"problems\"><b>无法读取：</b><ul>" + result.problems.map(function (p) {
        return "<li>" + esc([p.location, p.path].filter(Boolean).join(" ")) + " " + esc(p.message) + "</li>";
      }).join("") + "</ul></div>";
      return;
    }
    var rows = result.findings.map(function (f) {
      return "<tr><td class=\"" + esc(f.severityClass) + "\">" + esc(f.severity) + "</td><td><code>" + esc(f.rule) + "</code></td><td>" + esc(f.location) + "</td><td><code>" +
        esc(f.path) + "</code></td><td>" + esc(f.message) + (f.detail ? "（" + esc(f.detail) + "）" : "") + "</td></tr>";
    }).join("");
    box.innerHTML = "<p class=\"muted\">即时核对（未保存）：错误 " + result.errors + " 项，警告 " + result.warnings + " 项</p>" +
      (rows ? "<table><tr><th>严重程度</th><th>规则</th><th>行:列</th><th>字段</th><th>说明</th></tr>" + rows + "</table>" : "");
  }
  var timer = null;
  area.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var body = new URLSearchParams();
      body.set("text", area.value);
      body.set("format", document.querySelector("select[name=format]").value);
      fetch(area.getAttribute("data-check-url"), { method: "POST", headers: { "X-CSRF-Token": token, "Content-Type": "application/x-www-form-urlencoded" }, body: body, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; }).then(function (j) { if (j) show(j); }).catch(function () {});
    }, 600);
  });
})();

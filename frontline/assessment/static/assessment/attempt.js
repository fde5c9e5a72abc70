// Tell the learner plainly when an answer did not reach the server, so nothing is lost unseen.
document.addEventListener("htmx:sendError", function (event) {
  var form = event.detail.elt.closest("form.question");
  if (!form) return;
  var status = form.querySelector(".q-status");
  status.textContent = "";
  var p = document.createElement("p");
  p.className = "field-error";
  p.textContent = form.dataset.offline;
  status.appendChild(p);
});

// One-click common wordings on the decision form: a click puts the wording in the comment
// box (appending to what is there), so the approver can still edit it. Without JavaScript the
// buttons do nothing and the box is typed in as usual.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.wording");
  if (!button) return;
  var box = button.form && button.form.querySelector("textarea[name=comment]");
  if (!box) return;
  var wording = button.getAttribute("data-wording");
  box.value = box.value.trim() ? box.value.trim() + " " + wording : wording;
  box.focus();
});

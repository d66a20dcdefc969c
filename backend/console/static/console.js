// Halo Lamsel console: small progressive enhancements; every page works without it.
"use strict";

document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  for (const button of form.querySelectorAll("button[type=submit]")) {
    window.setTimeout(() => { button.disabled = true; }, 0);
  }
});

// Admin page: show only the roles of the chosen agency.
for (const picker of document.querySelectorAll("select[data-role-picker]")) {
  const groups = picker.form.querySelectorAll(".roles[data-agency]");
  const show = () => {
    for (const group of groups) {
      const active = group.dataset.agency === picker.value;
      group.hidden = !active;
      for (const box of group.querySelectorAll("input")) box.disabled = !active;
    }
  };
  picker.addEventListener("change", show);
  show();
}

// Case page: show the latest chat messages first.
for (const chat of document.querySelectorAll("ol.chat")) {
  chat.scrollTop = chat.scrollHeight;
}

// Slot page: the meeting-type filter applies as soon as a type is chosen. Without this script
// the form works the same with its "Filtrer" button. The hint says beforehand that the page
// reloads on a choice (WCAG 3.2.2), and focus comes back to the list after the reload.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-slot-filter]").forEach((form) => {
    const select = form.querySelector("select");
    if (!select) {
      return;
    }
    const hint = form.querySelector("[data-slot-filter-hint]");
    if (hint) {
      hint.hidden = false;
      select.setAttribute("aria-describedby", hint.id);
    }
    form.querySelectorAll("[data-slot-filter-submit]").forEach((element) => {
      element.hidden = true;
    });
    // Back on the filter once the page comes back with the chosen type.
    form.action = `${window.location.pathname}#${select.id}`;
    if (window.location.hash === `#${select.id}`) {
      select.focus();
    }
    select.addEventListener("change", () => form.requestSubmit());
  });
});

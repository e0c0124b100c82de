// Booking form: move focus to the error summary so screen readers announce the errors, and
// disable the submit button after the first click (the server also ignores a resubmission).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
  document.querySelectorAll("form[data-once]").forEach((form) => {
    form.addEventListener("submit", () => {
      form.querySelectorAll("button[type=submit]").forEach((button) => {
        button.setAttribute("aria-disabled", "true");
        button.classList.add("disabled");
      });
    });
  });
});

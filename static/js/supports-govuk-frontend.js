// Runs before the page renders so GOV.UK Frontend's JavaScript-only styles apply without a flash.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}

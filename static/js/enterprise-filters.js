// Applies a directory filter as soon as a choice changes, saving the click on
// "Show enterprises". Without JavaScript the form works the same with the button.
(function () {
    "use strict";
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
        form.addEventListener("change", function (event) {
            if (event.target.tagName !== "SELECT") {
                return;
            }
            // Empty fields are left out, so shared addresses stay short.
            form.querySelectorAll("select, input[type=search]").forEach(function (field) {
                field.disabled = field.value === "";
            });
            form.submit();
        });
    });
    // Coming back through the history shows the form as left: enable it again.
    window.addEventListener("pageshow", function () {
        document.querySelectorAll("form[data-autosubmit] [disabled]").forEach(function (field) {
            field.disabled = false;
        });
    });
})();

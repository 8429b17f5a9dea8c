/* "Leave a message": fetch an identifying code when the visitor starts, and swap
 * codes on "New code" without reloading. Without this file the forms still work:
 * the footer form hands over to /contact/, and "New code" posts the form back. */
(function () {
    "use strict";

    function codeImage(form) {
        var image = form.querySelector("img[data-code-img]");
        var slot = form.querySelector("[data-code-image]");
        if (!image && slot) {
            image = document.createElement("img");
            image.className = "captcha-image";
            image.width = 132;
            image.height = 48;
            image.alt = slot.getAttribute("data-alt") || "";
            image.setAttribute("data-code-img", "");
            slot.appendChild(image);
        }
        return image;
    }

    function setToken(form, token) {
        var input = form.querySelector("input[name=csrfmiddlewaretoken]");
        if (!input) {
            input = document.createElement("input");
            input.type = "hidden";
            input.name = "csrfmiddlewaretoken";
            form.insertBefore(input, form.firstChild);
        }
        input.value = token;
    }

    function loadCode(form) {
        var key = form.querySelector("input[name=captcha_0]");
        var url = new URL(form.getAttribute("data-code-url"), window.location.href);
        // The code is spoken in the page's language.
        url.searchParams.set("lang", form.getAttribute("data-language") || "");
        if (key && key.value) {
            url.searchParams.set("replaces", key.value);
        }
        return fetch(url.href, {
            credentials: "same-origin",
            // Only the site's own script sends this header (contact/views.py).
            headers: { Accept: "application/json", "X-Contact-Code": "1" },
        }).then(function (response) {
            if (!response.ok) {
                throw new Error("code " + response.status);
            }
            return response.json();
        }).then(function (data) {
            key.value = data.key;
            codeImage(form).src = data.image_url;
            var audio = form.querySelector("audio[data-code-audio]");
            if (audio) {
                audio.src = data.audio_url;
            }
            setToken(form, data.csrf_token);
            var answer = form.querySelector("input[name=captcha_1]");
            answer.value = "";
            answer.required = true;
            var block = form.querySelector("[data-code]");
            if (block) {
                block.hidden = false;
            }
            var fallback = form.querySelector("[data-code-fallback]");
            if (fallback) {
                fallback.hidden = true;
            }
        });
    }

    function announce(form, text) {
        var status = form.querySelector("[data-code-status]");
        if (status) {
            status.textContent = text;
        }
    }

    // How much the message may still hold: shown under the box as it is typed,
    // and said to screen readers once typing pauses. Nothing is ever cut.
    function counter(box) {
        var limit = parseInt(box.getAttribute("data-max-length"), 10);
        var shown = document.createElement("p");
        shown.className = "form-text message-count";
        shown.id = box.id + "-count";
        var said = document.createElement("span");
        said.className = "visually-hidden";
        said.setAttribute("aria-live", "polite");
        box.insertAdjacentElement("afterend", shown);
        shown.insertAdjacentElement("afterend", said);
        box.setAttribute(
            "aria-describedby",
            ((box.getAttribute("aria-describedby") || "") + " " + shown.id).trim()
        );
        var pause = null;
        function update(event) {
            // Characters as the server counts them (an emoji is one).
            var left = limit - Array.from(box.value).length;
            var over = left < 0;
            shown.textContent = box.getAttribute(over ? "data-over" : "data-left")
                .replace(
                "%(count)s", Math.abs(left).toLocaleString(document.documentElement.lang)
            );
            shown.classList.toggle("text-danger", over);
            if (event) {
                clearTimeout(pause);
                pause = setTimeout(function () {
                    said.textContent = shown.textContent;
                }, 1000);
            }
        }
        box.addEventListener("input", update);
        update();
    }

    document.querySelectorAll("textarea[data-max-length]").forEach(counter);

    document.querySelectorAll("form[data-contact-form]").forEach(function (form) {
        if (form.hasAttribute("data-code-lazy")) {
            var started = false;
            form.addEventListener("focusin", function () {
                if (!started) {
                    started = true;
                    // On failure the form still posts, as a hand-off to /contact/.
                    loadCode(form).catch(function () {});
                }
            });
        }
        form.addEventListener("click", function (event) {
            var button = event.target.closest("[data-new-code]");
            if (!button) {
                return;
            }
            event.preventDefault();
            loadCode(form).then(function () {
                announce(form, button.getAttribute("data-announce") || "");
                form.querySelector("input[name=captcha_1]").focus();
            }).catch(function () {
                // The no-JavaScript way: post the form back for a new code.
                if (button.type === "submit") {
                    form.requestSubmit(button);
                }
            });
        });
    });

    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
}());

// The rich text's image button (django-prose-editor's Figure) in one step: the
// editor chooses a file, describes it and may add a caption; the file is
// uploaded as an "Image for rich text" (checked, stripped and resized on the
// server) and its resized copy goes into the text. An image already in the text
// is still edited in the library's own dialog (its address and description).
// Loaded by django-prose-editor as an extension module (DJANGO_PROSE_EDITOR_EXTENSIONS
// in the settings); the words come from the admin's JavaScript catalogue.
import {
    Figure as LibraryFigure,
    canInsertNode,
    crel,
    gettext,
} from "django-prose-editor/editor";

let dialogCount = 0;

function onAnImage(state) {
    const { selection } = state;
    const { $from } = selection;
    for (let depth = $from.depth; depth > 0; depth--) {
        if ($from.node(depth).type.name === "figure") {
            return true;
        }
    }
    return selection.node?.type.name === "image";
}

function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
}

function field(input, label) {
    return crel("div", { className: "prose-editor-dialog-field" }, [
        crel("label", { htmlFor: input.id, textContent: label }),
        input,
    ]);
}

// Resolves with { src, alt, caption } once the image is uploaded, or null.
function uploadDialog(editor, uploadUrl) {
    return new Promise((resolve) => {
        const id = `figure-upload-${++dialogCount}`;
        const file = crel("input", {
            id: `${id}-file`,
            name: "image",
            type: "file",
            accept: "image/jpeg,image/png,image/webp",
            required: true,
        });
        const textInput = (name, options = {}) =>
            crel("input", { id: `${id}-${name}`, name, type: "text", size: 50, ...options });
        const alt = textInput("alt", { maxLength: 250, required: true });
        const caption = textInput("caption");
        const status = crel("p", { className: "prose-editor-dialog-status", role: "alert" });
        const submit = crel("button", { type: "submit", textContent: gettext("Upload and insert") });
        const cancel = crel("button", { type: "button", textContent: gettext("Cancel") });
        const form = crel("form", {}, [
            crel("h3", { className: "prose-editor-dialog-title", textContent: gettext("Insert image") }),
            field(file, gettext("Image file (JPEG, PNG or WebP)")),
            field(alt, gettext("Description, for readers who cannot see the image")),
            field(caption, gettext("Caption shown under the image (optional)")),
            status,
            crel("div", { className: "prose-editor-dialog-buttons" }, [submit, cancel]),
        ]);
        const dialog = crel("dialog", { className: "prose-editor-dialog" }, [form]);
        const wrapper = crel("div", {}, [dialog]);
        let uploaded = null;

        cancel.addEventListener("click", () => dialog.close());
        dialog.addEventListener("close", () => {
            wrapper.remove();
            resolve(uploaded);
        });
        form.addEventListener("submit", (event) => {
            event.preventDefault();
            if (!form.reportValidity()) {
                return;
            }
            const body = new FormData();
            body.append("image", file.files[0]);
            body.append("alt", alt.value.trim());
            submit.disabled = true;
            status.textContent = gettext("Uploading…");
            fetch(uploadUrl, {
                method: "POST",
                body,
                headers: { "X-CSRFToken": csrfToken() },
                credentials: "same-origin",
            })
                .then(async (response) => {
                    const answer = await response.json().catch(() => ({}));
                    if (!response.ok || !answer.src) {
                        const fallback = gettext("The image could not be uploaded. Try again.");
                        throw new Error((answer.errors || [fallback]).join(" "));
                    }
                    uploaded = { src: answer.src, alt: answer.alt, caption: caption.value.trim() };
                    dialog.close();
                })
                .catch((error) => {
                    // What was chosen and typed stays in the dialog.
                    status.textContent = error.message;
                    submit.disabled = false;
                });
        });

        editor.view.dom.parentElement.append(wrapper);
        dialog.showModal();
    });
}

export const Figure = LibraryFigure.extend({
    addOptions() {
        return { ...this.parent?.(), uploadUrl: null };
    },

    addCommands() {
        const commands = this.parent?.() || {};
        const uploadUrl = this.options.uploadUrl;
        const figureName = this.name;
        return {
            ...commands,
            editImage: () => (props) => {
                const { editor, state, dispatch } = props;
                if (!uploadUrl || onAnImage(state)) {
                    return commands.editImage()(props);
                }
                if (!canInsertNode(state, state.schema.nodes[figureName])) {
                    return false;
                }
                if (!dispatch) {
                    return true;
                }
                uploadDialog(editor, uploadUrl).then((image) => {
                    if (!image) {
                        return;
                    }
                    const content = [{ type: "image", attrs: { src: image.src, alt: image.alt } }];
                    if (image.caption) {
                        content.push({ type: "caption", content: [{ type: "text", text: image.caption }] });
                    }
                    editor.chain().focus().insertContent({ type: "figure", content }).run();
                });
                return true;
            },
        };
    },
});

// The rich-text editor's toolbar (django-prose-editor) in the admin's language.
// The editor names its buttons in English and asks window.gettext (the admin's
// JavaScript catalogue, locale/*/djangojs.po) only for its dialogs; this gives
// the buttons' tooltips, accessible names and the block-type menu the same
// catalogue, whenever an editor appears on the page.
(function () {
    "use strict";
    const translate = window.gettext || ((text) => text);
    // What the editor writes (title / aria-label / menu text) -> our words.
    const WORDS = {
        "paragraph": gettext_noop("Paragraph style"),
        "Paragraph": gettext_noop("Paragraph"),
        "Heading 2": gettext_noop("Heading 2"),
        "Heading 3": gettext_noop("Heading 3"),
        "Heading 4": gettext_noop("Heading 4"),
        "unordered list": gettext_noop("Bulleted list"),
        "ordered list": gettext_noop("Numbered list"),
        "List properties": gettext_noop("List properties"),
        "blockquote": gettext_noop("Quotation"),
        "horizontal rule": gettext_noop("Horizontal line"),
        "bold": gettext_noop("Bold"),
        "italic": gettext_noop("Italic"),
        "underline": gettext_noop("Underline"),
        "strike": gettext_noop("Strikethrough"),
        "subscript": gettext_noop("Subscript"),
        "superscript": gettext_noop("Superscript"),
        "insert link": gettext_noop("Insert link"),
        "remove link": gettext_noop("Remove link"),
        "figure": gettext_noop("Insert image"),
        "Insert table": gettext_noop("Insert table"),
        "Add column": gettext_noop("Add column"),
        "Delete column": gettext_noop("Delete column"),
        "Add row": gettext_noop("Add row"),
        "Delete row": gettext_noop("Delete row"),
        "Merge cells": gettext_noop("Merge cells"),
        "Split cell": gettext_noop("Split cell"),
        "Toggle header cell": gettext_noop("Toggle header cell"),
        "Delete table": gettext_noop("Delete table"),
        "undo": gettext_noop("Undo"),
        "redo": gettext_noop("Redo"),
    };
    // The editor's own dialogs ask window.gettext for these words; they are
    // listed so that our catalogue carries them.
    const DIALOG_WORDS = [
        gettext_noop("Cancel"),
        gettext_noop("Update"),
        gettext_noop("Insert"),
        gettext_noop("Title"),
        gettext_noop("URL"),
        gettext_noop("Edit Link"),
        gettext_noop("Open in new window"),
        gettext_noop("Insert Table"),
        gettext_noop("Rows"),
        gettext_noop("Columns"),
        gettext_noop("Include header row"),
        gettext_noop("Table Properties"),
        gettext_noop("List type"),
        gettext_noop("Start at"),
        gettext_noop("Bullets"),
        gettext_noop("Decimal numbers"),
        gettext_noop("Lowercase letters"),
        gettext_noop("Uppercase letters"),
        gettext_noop("Lowercase Roman numerals"),
        gettext_noop("Uppercase Roman numerals"),
        gettext_noop("Edit HTML"),
        gettext_noop("Prettify"),
        gettext_noop("Toggle fullscreen"),
        gettext_noop("Insert Figure"),
        gettext_noop("Edit Figure"),
        gettext_noop("Edit Image"),
        gettext_noop("Image URL"),
        gettext_noop("Alternative Text"),
        gettext_noop("Caption"),
        gettext_noop("Browse..."),
        gettext_noop("Add caption"),
        gettext_noop("Remove caption"),
    ];
    // The table dialog offers "Yes" / "No" as the values it reads back: the
    // options keep them as values and show our words.
    const OPTION_WORDS = {
        "Yes": gettext_noop("Yes"),
        "No": gettext_noop("No"),
    };
    void DIALOG_WORDS;

    function gettext_noop(text) {
        return text;
    }

    function translateDialogOptions(root) {
        for (const option of root.querySelectorAll(".prose-editor-dialog option")) {
            const text = option.textContent;
            const words = OPTION_WORDS[text] && translate(OPTION_WORDS[text]);
            if (words && words !== text && !option.hasAttribute("value")) {
                option.value = text;
                option.textContent = words;
            }
        }
    }

    // Changes only what differs: writing the same text again would wake the
    // observer below for ever (in English the words stay as they are).
    function translateMenus(root) {
        translateDialogOptions(root);
        for (const element of root.querySelectorAll(".prose-menubar *")) {
            for (const attribute of ["title", "aria-label"]) {
                const value = element.getAttribute(attribute);
                const words = value && WORDS[value] && translate(WORDS[value]);
                if (words && words !== value) {
                    element.setAttribute(attribute, words);
                }
            }
            if (element.children.length === 0 && /^(H[2-4]|P)$/.test(element.tagName)) {
                const text = element.textContent.trim();
                const words = WORDS[text] && translate(WORDS[text]);
                if (words && words !== text) {
                    element.textContent = words;
                }
            }
        }
    }

    function start() {
        translateMenus(document);
        // Editors start as modules after this script, and inline rows add more.
        new MutationObserver(() => translateMenus(document)).observe(document.body, {
            childList: true,
            subtree: true,
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();

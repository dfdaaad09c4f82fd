//! A modal dialog on the native `<dialog>` element: the browser provides the
//! backdrop, the focus trap, Escape and the top layer, so none of that is
//! re-implemented here. `open` and the element stay in sync both ways.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, HtmlElement};

use crate::i18n::use_i18n;

/// What gets focus when the dialog opens, unless a child has `autofocus`.
const FIRST_FOCUSABLE: &str = "[autofocus], .kura-dialog__body :is(input, select, textarea, \
                               button, a[href], [tabindex]):not([disabled])";

/// A modal titled `title`, shown while `open` is true. Escape, the close button
/// and `open.set(false)` all close it.
#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(optional)] test_id: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let title_id = next_title_id();
    let labelled_by = title_id.clone();
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move || {
        if let Some(element) = dialog.get() {
            sync(&element, open.get());
        }
    });
    view! {
        <dialog
            node_ref=dialog
            class="kura-dialog"
            role="dialog"
            aria-labelledby=labelled_by
            data-testid=test_id
            on:close=move |_| open.set(false)
        >
            <header class="kura-dialog__header">
                <h2 class="kura-dialog__title" id=title_id>
                    {move || title.get()}
                </h2>
                <button
                    type="button"
                    class="kura-dialog__close"
                    aria-label=move || i18n.t().close
                    on:click=move |_| open.set(false)
                >
                    "×"
                </button>
            </header>
            <div class="kura-dialog__body">{children()}</div>
        </dialog>
    }
}

/// The foot of a dialog's form: Cancel (closes it) and the submit button, which
/// says what the dialog does. `danger` marks an action that deletes or undoes.
#[component]
pub fn DialogActions(
    open: RwSignal<bool>,
    #[prop(into)] label: Signal<&'static str>,
    test_id: &'static str,
    #[prop(optional)] danger: bool,
    #[prop(optional, into)] disabled: MaybeProp<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = if danger {
        "kura-button kura-button--danger"
    } else {
        "kura-button kura-button--primary"
    };
    view! {
        <div class="kura-form__actions">
            <button type="button" class="kura-button" on:click=move |_| open.set(false)>
                {move || i18n.t().cancel}
            </button>
            <button type="submit" class=class data-testid=test_id
                disabled=move || disabled.get().unwrap_or(false)>
                {move || label.get()}
            </button>
        </div>
    }
}

/// Opens or closes the element to match `open`, moving focus into it on open.
fn sync(element: &HtmlDialogElement, open: bool) {
    if open && !element.open() {
        // Fails only if the element is detached; the effect runs again on mount.
        if element.show_modal().is_ok() {
            focus_first(element);
        }
    } else if !open && element.open() {
        element.close();
    }
}

fn focus_first(element: &HtmlDialogElement) {
    if let Ok(Some(target)) = element.query_selector(FIRST_FOCUSABLE) {
        let _ = target.unchecked_into::<HtmlElement>().focus();
    }
}

/// A document-unique id for a dialog's title (`aria-labelledby`).
fn next_title_id() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("kura-dialog-title-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

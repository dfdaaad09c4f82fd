//! One form field: a label above the control, an optional hint, and the error
//! right where the user is looking, announced by screen readers as it appears.
//!
//! The hint and error elements are always present (hidden while empty) so the
//! control's `aria-describedby` never points at nothing, and a new error is
//! announced as an existing `role=alert` element appearing.

use leptos::prelude::*;

/// The ids a control inside [`FormField`] `id` should name in
/// `aria-describedby`: its hint, then its error.
pub fn described_by(id: &str) -> String {
    format!("{id}-hint {id}-error")
}

/// A labelled field around `children`, whose control must have the id `id`.
#[component]
pub fn FormField(
    #[prop(into)] label: Signal<String>,
    id: &'static str,
    #[prop(optional, into)] hint: MaybeProp<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let class = move || {
        if error.with(Option::is_some) {
            "kura-field kura-field--invalid"
        } else {
            "kura-field"
        }
    };
    view! {
        <div class=class>
            <label class="kura-field__label" for=id>
                {move || label.get()}
            </label>
            {children()}
            <p class="kura-field__hint" id=format!("{id}-hint") hidden=move || hint.with(Option::is_none)>
                {move || hint.get()}
            </p>
            <p
                class="kura-field__error"
                id=format!("{id}-error")
                role="alert"
                hidden=move || error.with(Option::is_none)
            >
                {move || error.get()}
            </p>
        </div>
    }
}

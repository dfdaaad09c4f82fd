//! A labelled text input of a record's form (partners, items).

use crate::components::FormField;
use crate::i18n::{use_i18n, Messages};
use leptos::prelude::*;

/// A labelled text input bound to `value` (also on the item form).
#[component]
pub fn TextField(
    label: fn(&Messages) -> &'static str,
    id: &'static str,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] hint: MaybeProp<String>,
    #[prop(optional)] kind: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <FormField label=Signal::derive(move || label(i18n.t()).to_string()) id error hint>
            <input id=id type=kind.unwrap_or("text") autocomplete="off" data-testid=id
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=crate::components::described_by(id)
                bind:value=value />
        </FormField>
    }
}

//! The tax-code picker of the chart, an entry line, an item and a document line, with the codes' select values.

use crate::i18n::use_i18n;
use crate::routes;
use kura_core::ledger::TaxCode;
use leptos::prelude::*;

/// A tax code as a select value (`"sales10"`), and back.
pub fn tax_value(code: TaxCode) -> String {
    routes::plain(&code)
}

pub fn tax_from(value: &str) -> Option<TaxCode> {
    TaxCode::ALL.into_iter().find(|c| tax_value(*c) == value)
}

/// A select of tax codes (blank: none), bound to the code's storage name.
#[component]
pub fn TaxSelect(
    #[prop(into)] id: String,
    value: RwSignal<String>,
    #[prop(optional)] test_id: Option<String>,
    #[prop(optional, into)] label: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select
            id=id
            class="kura-input--tax"
            data-testid=test_id
            aria-label=move || label.map(|l| l.get())
            prop:value=move || value.get()
            on:change=move |ev| value.set(event_target_value(&ev))
        >
            <option value="" selected=move || value.with(String::is_empty)>{move || i18n.t().tax_none}</option>
            {TaxCode::ALL
                .into_iter()
                .map(|c| {
                    let v = tax_value(c);
                    let selected = v.clone();
                    view! {
                        <option value=v selected=move || value.get() == selected>
                            {move || (i18n.t().tax_code_name)(c)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

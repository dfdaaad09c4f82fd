//! The business class (事業区分) of the simplified method (簡易課税), chosen on
//! an account, an item or a partner: one select, so the three forms offer the
//! same six classes with the same names and the same "not set" choice.

use kura_core::ledger::BusinessClass;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// A select of the six classes and "not set" (`unset`, which says what applies
/// instead), bound to `value`.
#[component]
pub fn BusinessClassSelect(
    id: &'static str,
    value: RwSignal<Option<BusinessClass>>,
    #[prop(into)] unset: Signal<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let number = move || {
        value
            .get()
            .map_or(String::new(), |c| c.number().to_string())
    };
    let choose = move |ev| {
        let chosen = event_target_value(&ev)
            .parse()
            .ok()
            .and_then(BusinessClass::from_number);
        value.set(chosen);
    };
    view! {
        <select id=id data-testid=id prop:value=number on:change=choose>
            <option value="">{move || unset.get()}</option>
            {BusinessClass::ALL
                .into_iter()
                .map(|c| {
                    view! {
                        <option value=c.number().to_string() selected=move || value.get() == Some(c)>
                            {move || (i18n.t().rep_business_class_name)(c.number())}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

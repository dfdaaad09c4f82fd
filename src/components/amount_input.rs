//! An amount field that accepts what people type (`1,234`, `１２３４` from a
//! Japanese IME, `¥500`) and never guesses: the text is parsed by
//! `kura_core::money::parse_amount` when the user leaves the field or presses
//! Enter, then shown back in the one format the app uses (`1,234`).

use kura_core::locale::format_number;
use kura_core::money::{parse_amount, AmountError, Currency};
use leptos::prelude::*;
use rust_decimal::Decimal;
use web_sys::KeyboardEvent;

use super::form_field::described_by;
use crate::i18n::{amount_error, use_i18n};

/// A text input for an amount in `currency`, with the control id `id` (wrap it
/// in a `FormField` with the same id). `value` holds the parsed amount (`None`
/// while empty or invalid), `error` why the text is not an amount. An empty
/// field is an error only when `required`.
#[component]
pub fn AmountInput(
    #[prop(into)] id: String,
    value: RwSignal<Option<Decimal>>,
    error: RwSignal<Option<AmountError>>,
    #[prop(into)] currency: Signal<Currency>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    // Show the value in the app's format whenever it changes (after a commit,
    // or when the page sets it), unless the text on screen is an error to fix.
    Effect::new(move || {
        let decimals = currency.get().minor_units();
        let shown = value.get().map(|v| format_number(v, decimals));
        if error.with_untracked(Option::is_none) {
            text.set(shown.unwrap_or_default());
        }
    });
    let commit = move || {
        let parsed = match parse_amount(&text.get_untracked(), currency.get_untracked()) {
            Err(AmountError::Empty) if !required => Ok(None),
            other => other.map(Some),
        };
        error.set(parsed.as_ref().err().cloned());
        value.set(parsed.unwrap_or(None));
    };
    let described = described_by(&id);
    view! {
        <input
            type="text"
            inputmode="decimal"
            autocomplete="off"
            class="kura-input kura-input--amount"
            id=id
            required=required
            aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
            aria-describedby=described
            prop:value=move || text.get()
            on:input=move |ev| text.set(event_target_value(&ev))
            on:blur=move |_| commit()
            on:keydown=move |ev: KeyboardEvent| {
                if ev.key() == "Enter" {
                    commit();
                }
            }
        />
    }
}

/// The message for an [`AmountInput`]'s `error`, in the current language, for
/// the surrounding `FormField`'s `error`.
pub fn amount_error_message(error: RwSignal<Option<AmountError>>) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || error.get().map(|e| amount_error(&e, i18n.locale())))
}

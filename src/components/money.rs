//! Amounts on screen: formatted by `kura_core::locale::format_money` (the one
//! formatter shared with CSV and print), negatives marked by a class as well as
//! the leading minus, so a loss is never mistaken for a gain.

use kura_core::locale::format_money;
use kura_core::money::Currency;
use leptos::prelude::*;
use rust_decimal::Decimal;

use crate::i18n::use_i18n;

/// `¥1,234,567`, or `-¥500` in the danger colour.
#[component]
pub fn Money(
    #[prop(into)] amount: Signal<Decimal>,
    #[prop(into)] currency: Signal<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = move || {
        if amount.get().is_sign_negative() && !amount.get().is_zero() {
            "kura-money kura-money--negative"
        } else {
            "kura-money"
        }
    };
    view! {
        <span class=class>{move || format_money(amount.get(), currency.get(), i18n.locale())}</span>
    }
}

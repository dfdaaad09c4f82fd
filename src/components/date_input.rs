//! A date field on the browser's own date picker (`<input type="date">`), which
//! speaks the user's calendar conventions and always reports ISO `yyyy-mm-dd`.
//! A half-typed date is reported by the browser as "bad input"; it becomes an
//! inline error instead of silently clearing the value.

use chrono::NaiveDate;
use leptos::html;
use leptos::prelude::*;
use web_sys::HtmlInputElement;

use super::form_field::described_by;
use crate::i18n::{use_i18n, Messages};

const ISO: &str = "%Y-%m-%d";

/// A date input with the control id `id` (wrap it in a `FormField` with the same
/// id). `value` is `None` while the field is empty or invalid; `error` holds the
/// message for a date that is incomplete or outside `min`..=`max`.
#[component]
pub fn DateInput(
    id: &'static str,
    value: RwSignal<Option<NaiveDate>>,
    error: RwSignal<Option<String>>,
    #[prop(optional, into)] min: MaybeProp<NaiveDate>,
    #[prop(optional, into)] max: MaybeProp<NaiveDate>,
) -> impl IntoView {
    let i18n = use_i18n();
    let input = NodeRef::<html::Input>::new();
    // Show the value when it changes, unless the text on screen is an error to
    // fix (rewriting it would lose what was typed).
    Effect::new(move || {
        let wanted = iso(value.get()).unwrap_or_default();
        if let Some(input) = input.get() {
            if error.with_untracked(Option::is_none) && input.value() != wanted {
                input.set_value(&wanted);
            }
        }
    });
    let commit = move || {
        let Some(input) = input.get_untracked() else {
            return;
        };
        let bounds = (min.get_untracked(), max.get_untracked());
        let result = read(&input, bounds, i18n.t());
        error.set(result.err().map(String::from));
        let date = result.unwrap_or(None);
        if value.get_untracked() != date {
            value.set(date);
        }
    };
    view! {
        <input
            node_ref=input
            type="date"
            class="kura-input kura-input--date"
            id=id
            min=move || iso(min.get())
            max=move || iso(max.get())
            aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
            aria-describedby=described_by(id)
            on:change=move |_| commit()
            on:blur=move |_| commit()
        />
    }
}

fn iso(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format(ISO).to_string())
}

/// The date in the field, or the message explaining why it is not one.
fn read(
    input: &HtmlInputElement,
    (min, max): (Option<NaiveDate>, Option<NaiveDate>),
    t: &'static Messages,
) -> Result<Option<NaiveDate>, &'static str> {
    let raw = input.value();
    if raw.is_empty() {
        return if input.validity().bad_input() {
            Err(t.date_invalid)
        } else {
            Ok(None)
        };
    }
    let date = NaiveDate::parse_from_str(&raw, ISO).map_err(|_| t.date_invalid)?;
    let in_range = min.is_none_or(|m| date >= m) && max.is_none_or(|m| date <= m);
    if in_range {
        Ok(Some(date))
    } else {
        Err(t.date_out_of_range)
    }
}

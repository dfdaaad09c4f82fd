//! The lines grid's keyboard and cells, shared by the journal entry form, the
//! document form, the stock move form and the stocktake count sheet: Enter
//! moves on (never mid-IME), a blank number cell is zero, an invalid line is
//! marked, and focus follows a new line.

use kura_core::locale::format_number;
use kura_core::money::AmountError;
use leptos::prelude::*;
use rust_decimal::Decimal;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

/// A line grid row's class: marked when the form's error names its line.
pub fn line_row_class(invalid: bool) -> &'static str {
    if invalid {
        "kura-lines__row kura-lines__row--invalid"
    } else {
        "kura-lines__row"
    }
}

/// Enter pressed to move on, not to confirm an IME conversion.
pub fn is_enter(ev: &KeyboardEvent) -> bool {
    ev.key() == "Enter" && !ev.is_composing()
}

/// A number cell's value: blank is zero.
pub fn read_cell(
    text: &str,
    parse: impl Fn(&str) -> Result<Decimal, AmountError>,
) -> Result<Decimal, AmountError> {
    match parse(text) {
        Err(AmountError::Empty) => Ok(Decimal::ZERO),
        other => other,
    }
}

/// A cell's text for a number: blank when zero.
pub fn number_cell(value: Decimal, decimals: u32) -> String {
    if value.is_zero() {
        String::new()
    } else {
        format_number(value, decimals)
    }
}

/// Moves the focus to the element with this id once it is on screen (after
/// the frame that renders a new line).
pub fn focus_later(id: String) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id) {
            let _ = el.unchecked_into::<HtmlElement>().focus();
        }
    });
}

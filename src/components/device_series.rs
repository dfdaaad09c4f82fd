//! Which document series this device numbers, told where numbers are made.

use crate::app::use_open_book;
use crate::i18n::use_i18n;
use crate::platform::today;
use chrono::Datelike;
use kura_core::ids::DeviceId;
use kura_core::trade::{self};
use leptos::prelude::*;

/// This device's number series in the book, in words: its next invoice
/// number (the Sync page and the business profile show it).
#[component]
pub fn DeviceSeriesNote(#[prop(into)] device: Signal<DeviceId>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let text = move || {
        let t = i18n.t();
        open.book.with(
            |book| match trade::next_invoice_of(book, device.get(), today().year()) {
                Some((tag, next)) if tag.is_empty() => (t.series_root)(&next),
                Some((tag, next)) => (t.series_tagged)(&(t.series_tag)(&tag), &next),
                None => t.series_none.to_string(),
            },
        )
    };
    view! { <p data-testid="device-series">{text}</p> }
}

//! Work in progress (sales and purchasing): filled in by its owner.

use leptos::prelude::*;

#[component]
pub fn DocumentPrintPage() -> impl IntoView {
    view! { <p>"DocumentPrintPage"</p> }
}

#[component]
pub fn ReceiptPrintPage() -> impl IntoView {
    view! { <p>"ReceiptPrintPage"</p> }
}

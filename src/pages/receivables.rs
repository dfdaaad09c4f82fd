//! Work in progress (sales and purchasing): filled in by its owner.

use leptos::prelude::*;

#[component]
pub fn ReceivablesPage() -> impl IntoView {
    view! { <p>"ReceivablesPage"</p> }
}

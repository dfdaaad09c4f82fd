//! Work in progress (sales and purchasing): filled in by its owner.

use leptos::prelude::*;

#[component]
pub fn NewPaymentPage() -> impl IntoView {
    view! { <p>"NewPaymentPage"</p> }
}

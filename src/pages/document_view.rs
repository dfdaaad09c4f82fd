//! Work in progress (sales and purchasing): filled in by its owner.

use leptos::prelude::*;

#[component]
pub fn DocumentPage() -> impl IntoView {
    view! { <p>"DocumentPage"</p> }
}

//! Work in progress (sales and purchasing): filled in by its owner.

use leptos::prelude::*;

#[component]
pub fn BusinessProfilePage() -> impl IntoView {
    view! { <p>"BusinessProfilePage"</p> }
}

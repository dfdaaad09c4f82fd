//! Work in progress (sales and purchasing): filled in by its owner.

use leptos::prelude::*;

#[component]
pub fn NewDocumentPage() -> impl IntoView {
    view! { <p>"NewDocumentPage"</p> }
}

#[component]
pub fn EditDocumentPage() -> impl IntoView {
    view! { <p>"EditDocumentPage"</p> }
}

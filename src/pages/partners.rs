//! Work in progress (sales and purchasing): filled in by its owner.

use leptos::prelude::*;

#[component]
pub fn PartnersPage() -> impl IntoView {
    view! { <p>"PartnersPage"</p> }
}

#[component]
pub fn PartnerPage() -> impl IntoView {
    view! { <p>"PartnerPage"</p> }
}

//! Items: the list with on hand and value, the item form, an item's page with its movement history. (inventory-ui helper D)

use leptos::prelude::*;

use super::inventory_nav::{InventoryTab, InventoryTabs};

#[component]
pub fn ItemsPage() -> impl IntoView {
    view! { <div class="kura-page"><InventoryTabs current=InventoryTab::Items /></div> }
}

#[component]
pub fn NewItemPage() -> impl IntoView {
    view! { <div class="kura-page"><InventoryTabs current=InventoryTab::Items /></div> }
}

#[component]
pub fn ItemPage() -> impl IntoView {
    view! { <div class="kura-page"><InventoryTabs current=InventoryTab::Items /></div> }
}

#[component]
pub fn EditItemPage() -> impl IntoView {
    view! { <div class="kura-page"><InventoryTabs current=InventoryTab::Items /></div> }
}

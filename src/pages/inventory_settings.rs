//! Inventory settings: valuation method and posting mode from a date, negative stock, locations. (inventory-ui helper D)

use leptos::prelude::*;

use super::inventory_nav::{InventoryTab, InventoryTabs};

#[component]
pub fn InventorySettingsPage() -> impl IntoView {
    view! { <div class="kura-page"><InventoryTabs current=InventoryTab::Settings /></div> }
}

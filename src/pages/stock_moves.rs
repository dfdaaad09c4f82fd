//! Stock moves by hand: adjustments with a reason, transfers between locations. (inventory-ui helper E)

use leptos::prelude::*;

use super::inventory_nav::{InventoryTab, InventoryTabs};

#[component]
pub fn NewStockMovePage() -> impl IntoView {
    view! { <div class="kura-page"><InventoryTabs current=InventoryTab::Moves /></div> }
}

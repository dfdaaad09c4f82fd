//! Stock reports: on hand per location, valuation by method, reorder with purchase-order drafts, the stock ledger CSV. (inventory-ui helper F)

use leptos::prelude::*;

use super::inventory_nav::{InventoryTab, InventoryTabs};

#[component]
pub fn StockReportsPage() -> impl IntoView {
    view! { <div class="kura-page"><InventoryTabs current=InventoryTab::Stock /></div> }
}

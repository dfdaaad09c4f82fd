//! Stocktakes (棚卸): the list, a count with its scan field and variances, the printed count sheet. (inventory-ui helper E)

use leptos::prelude::*;

use super::inventory_nav::{InventoryTab, InventoryTabs};

#[component]
pub fn StocktakesPage() -> impl IntoView {
    view! { <div class="kura-page"><InventoryTabs current=InventoryTab::Stocktakes /></div> }
}

#[component]
pub fn StocktakePage() -> impl IntoView {
    view! { <div class="kura-page"><InventoryTabs current=InventoryTab::Stocktakes /></div> }
}

#[component]
pub fn CountSheetPrintPage() -> impl IntoView {
    view! { <div class="kura-page"><InventoryTabs current=InventoryTab::Stocktakes /></div> }
}

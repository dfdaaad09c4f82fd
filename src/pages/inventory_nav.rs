//! The tabs shared by the inventory screens: items, stock (reports), moves,
//! stocktakes and the inventory settings. One component, so every inventory
//! screen shows the same way between them.

use leptos::prelude::*;

use super::section_tabs::{SectionTab, SectionTabs};
use crate::i18n::Messages;

/// Which inventory screen is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum InventoryTab {
    Items,
    Stock,
    Moves,
    Stocktakes,
    Settings,
}

impl SectionTab for InventoryTab {
    const ALL: &'static [InventoryTab] = &[
        InventoryTab::Items,
        InventoryTab::Stock,
        InventoryTab::Moves,
        InventoryTab::Stocktakes,
        InventoryTab::Settings,
    ];

    fn path(self) -> &'static str {
        match self {
            InventoryTab::Items => "items",
            InventoryTab::Stock => "stock",
            InventoryTab::Moves => "stock/moves/new",
            InventoryTab::Stocktakes => "stocktakes",
            InventoryTab::Settings => "inventory/settings",
        }
    }

    fn label(self, t: &Messages) -> &'static str {
        match self {
            InventoryTab::Items => t.inv_tab_items,
            InventoryTab::Stock => t.inv_tab_stock,
            InventoryTab::Moves => t.inv_tab_moves,
            InventoryTab::Stocktakes => t.inv_tab_stocktakes,
            InventoryTab::Settings => t.inv_tab_settings,
        }
    }

    fn test_id(self) -> &'static str {
        match self {
            InventoryTab::Items => "inv-tab-items",
            InventoryTab::Stock => "inv-tab-stock",
            InventoryTab::Moves => "inv-tab-moves",
            InventoryTab::Stocktakes => "inv-tab-stocktakes",
            InventoryTab::Settings => "inv-tab-settings",
        }
    }
}

/// The row of inventory tabs, `current` marked.
#[component]
pub(super) fn InventoryTabs(current: InventoryTab) -> impl IntoView {
    view! { <SectionTabs current=current name=|t: &Messages| t.nav_inventory /> }
}

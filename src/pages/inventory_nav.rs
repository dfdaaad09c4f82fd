//! The tabs shared by the inventory screens: items, stock (reports), moves,
//! stocktakes and the inventory settings. One component, so every inventory
//! screen shows the same way between them.

use leptos::prelude::*;

use crate::app::use_open_book;
use crate::i18n::{use_i18n, Messages};

/// Which inventory screen is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum InventoryTab {
    Items,
    Stock,
    Moves,
    Stocktakes,
    Settings,
}

impl InventoryTab {
    const ALL: [InventoryTab; 5] = [
        InventoryTab::Items,
        InventoryTab::Stock,
        InventoryTab::Moves,
        InventoryTab::Stocktakes,
        InventoryTab::Settings,
    ];

    /// The path under `/books/<id>/`.
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
    let i18n = use_i18n();
    let open = use_open_book();
    let tabs = InventoryTab::ALL
        .into_iter()
        .map(|tab| {
            view! {
                <a class="kura-report__tab" href=format!("/books/{}/{}", open.id, tab.path())
                    aria-current=(tab == current).then_some("page")
                    data-testid=tab.test_id()>
                    {move || tab.label(i18n.t())}
                </a>
            }
        })
        .collect_view();
    view! {
        <nav class="kura-report__tabs" aria-label=move || i18n.t().nav_inventory>{tabs}</nav>
    }
}

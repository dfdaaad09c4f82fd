//! The row of tabs an area's screens share (inventory, files): one component, so
//! every area moves between its screens the same way. [`FilesTabs`]: backup
//! (Settings → Data), device sync, bank statements, CSV, the accountant's
//! formats, how the files are kept (電子帳簿保存). [`InventoryTabs`]: items,
//! stock reports, moves, stocktakes, the inventory settings.

use leptos::prelude::*;

use crate::app::use_open_book;
use crate::i18n::{use_i18n, Messages};
use crate::routes::BookScreen;

/// One area's screens, as tabs.
pub trait SectionTab: Copy + PartialEq + Send + Sync + 'static {
    /// Every tab, in the order shown.
    const ALL: &'static [Self];
    /// The screen it opens.
    fn screen(self) -> BookScreen;
    fn label(self, t: &Messages) -> &'static str;
    fn test_id(self) -> &'static str;
}

/// The tabs of `current`'s area, `current` marked; `name` labels the row for
/// screen readers.
#[component]
pub fn SectionTabs<T: SectionTab>(
    current: T,
    name: fn(&Messages) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let tabs = T::ALL
        .iter()
        .map(|&tab| {
            view! {
                <a class="kura-report__tab" href=tab.screen().path(open.id)
                    aria-current=(tab == current).then_some("page")
                    data-testid=tab.test_id()>
                    {move || tab.label(i18n.t())}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="kura-report__tabs" aria-label=move || name(i18n.t())>{tabs}</nav> }
}

/// Which files screen is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilesTab {
    Backup,
    Sync,
    Bank,
    Csv,
    Accountant,
    EBookkeeping,
}

impl SectionTab for FilesTab {
    const ALL: &'static [FilesTab] = &[
        FilesTab::Backup,
        FilesTab::Sync,
        FilesTab::Bank,
        FilesTab::Csv,
        FilesTab::Accountant,
        FilesTab::EBookkeeping,
    ];

    fn screen(self) -> BookScreen {
        match self {
            FilesTab::Backup => BookScreen::Data,
            FilesTab::Sync => BookScreen::Sync,
            FilesTab::Bank => BookScreen::Bank,
            FilesTab::Csv => BookScreen::Csv,
            FilesTab::Accountant => BookScreen::Accountant,
            FilesTab::EBookkeeping => BookScreen::EBookkeeping,
        }
    }

    fn label(self, t: &Messages) -> &'static str {
        match self {
            FilesTab::Backup => t.files_tab_backup,
            FilesTab::Sync => t.files_tab_sync,
            FilesTab::Bank => t.files_tab_bank,
            FilesTab::Csv => t.files_tab_csv,
            FilesTab::Accountant => t.files_tab_accountant,
            FilesTab::EBookkeeping => t.files_tab_e_bookkeeping,
        }
    }

    fn test_id(self) -> &'static str {
        match self {
            FilesTab::Backup => "files-tab-backup",
            FilesTab::Sync => "files-tab-sync",
            FilesTab::Bank => "files-tab-bank",
            FilesTab::Csv => "files-tab-csv",
            FilesTab::Accountant => "files-tab-accountant",
            FilesTab::EBookkeeping => "files-tab-e-bookkeeping",
        }
    }
}

/// The row of files tabs, `current` marked.
#[component]
pub fn FilesTabs(current: FilesTab) -> impl IntoView {
    view! { <SectionTabs current=current name=|t: &Messages| t.nav_data /> }
}

/// Which inventory screen is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InventoryTab {
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

    fn screen(self) -> BookScreen {
        match self {
            InventoryTab::Items => BookScreen::Items,
            InventoryTab::Stock => BookScreen::Stock,
            InventoryTab::Moves => BookScreen::NewStockMove,
            InventoryTab::Stocktakes => BookScreen::Stocktakes,
            InventoryTab::Settings => BookScreen::InventorySettings,
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
pub fn InventoryTabs(current: InventoryTab) -> impl IntoView {
    view! { <SectionTabs current=current name=|t: &Messages| t.nav_inventory /> }
}

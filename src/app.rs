//! The app's root: start-up, the routes, and the shell around every screen; and
//! the rescue mode a crash screen reloads into (`rescue.rs`).
//!
//! Routes are paths (`/books/<id>/settings`), so a screen can be bookmarked and
//! reloaded; the service worker serves the app for any of them offline.

pub mod library;
mod rescue;
mod session;
mod shell;

/// The files a write stores beside its change set ([`OpenBook::write_with_attachments`]).
pub use crate::storage::AttachmentBytes;
/// Changes files as the Sync page reads them (a chosen file read whole, its
/// key from a passphrase), the sets a merge holds for the user, and what each
/// other device has acknowledged (kept in this browser).
pub use crate::storage::{
    open_book_file, peers_seen, read_whole_file, remember_peer_seen, HeldChange, NewFileKey,
};
pub use session::{
    attachments_written, claim_series_after_restore, claim_series_before_sending, use_open_book,
    write_closed_book, OpenBook, WriteError,
};
pub use shell::Shell;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::{provide_toasts, ToastRegion};
use crate::i18n::I18n;
use crate::pages::{
    AccountantPage, AccountsPage, BankImportPage, BookHome, BookListPage, BookPage,
    BusinessProfilePage, ClosingPage, CorrectEntryPage, CountSheetPrintPage, CsvFilesPage,
    DashboardPage, DataPage, DocumentPage, DocumentPrintPage, DocumentsPage, EBookkeepingPage,
    EditDocumentPage, EditItemPage, EntryPage, InventorySettingsPage, ItemPage, ItemsPage,
    JournalPage, NewBookPage, NewDocumentPage, NewEntryPage, NewItemPage, NewPaymentPage,
    NewStockMovePage, NotFound, PartnerPage, PartnersPage, QuickEntryPage, ReceiptPrintPage,
    ReceivablesPage, ReportsPage, SettingsPage, StockReportsPage, StocktakePage, StocktakesPage,
    SyncPage,
};
use crate::platform;

/// Called by `main`: the crash screen, offline support, then the app, or,
/// after a crash (`?rescue=<book id>`), only the rescue of that book's backup.
pub fn start() {
    platform::install_panic_screen();
    platform::register_service_worker();
    // A restore cut short (its tab closed) left a database that is no book.
    wasm_bindgen_futures::spawn_local(async {
        if let Err(error) = crate::storage::remove_unfinished_restores().await {
            web_sys::console::warn_1(&format!("Kura: unfinished restores kept: {error}").into());
        }
    });
    match platform::rescue_book() {
        Some(book_id) => {
            leptos::mount::mount_to_body(move || view! { <rescue::RescueApp book_id /> })
        }
        None => leptos::mount::mount_to_body(App),
    }
}

#[component]
pub fn App() -> impl IntoView {
    let locale = RwSignal::new(platform::preferred_locale());
    Effect::new(move || platform::apply_locale(locale.get()));
    provide_context(I18n { locale });
    provide_toasts();
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=BookListPage />
                <Route path=path!("/new") view=NewBookPage />
                <ParentRoute path=path!("/books/:id") view=BookPage>
                    <Route path=path!("dashboard") view=DashboardPage />
                    <Route path=path!("settings") view=SettingsPage />
                    <Route path=path!("data") view=DataPage />
                    <Route path=path!("sync") view=SyncPage />
                    <Route path=path!("bank") view=BankImportPage />
                    <Route path=path!("csv") view=CsvFilesPage />
                    <Route path=path!("accountant") view=AccountantPage />
                    <Route path=path!("e-bookkeeping") view=EBookkeepingPage />
                    <Route path=path!("accounts") view=AccountsPage />
                    <Route path=path!("journal") view=JournalPage />
                    <Route path=path!("journal/new") view=NewEntryPage />
                    <Route path=path!("journal/quick") view=QuickEntryPage />
                    <Route path=path!("journal/:entry/correct") view=CorrectEntryPage />
                    <Route path=path!("journal/:entry") view=EntryPage />
                    <Route path=path!("closing") view=ClosingPage />
                    <Route path=path!("partners") view=PartnersPage />
                    <Route path=path!("partners/:partner") view=PartnerPage />
                    <Route path=path!("sales") view=DocumentsPage />
                    <Route path=path!("purchases") view=DocumentsPage />
                    <Route path=path!("documents/new") view=NewDocumentPage />
                    <Route path=path!("documents/:doc") view=DocumentPage />
                    <Route path=path!("documents/:doc/edit") view=EditDocumentPage />
                    <Route path=path!("documents/:doc/print") view=DocumentPrintPage />
                    <Route path=path!("payments/new") view=NewPaymentPage />
                    <Route path=path!("payments/:payment/print") view=ReceiptPrintPage />
                    <Route path=path!("receivables") view=ReceivablesPage />
                    <Route path=path!("receivables/:tab") view=ReceivablesPage />
                    <Route path=path!("profile") view=BusinessProfilePage />
                    <Route path=path!("items") view=ItemsPage />
                    <Route path=path!("items/new") view=NewItemPage />
                    <Route path=path!("items/:item") view=ItemPage />
                    <Route path=path!("items/:item/edit") view=EditItemPage />
                    <Route path=path!("inventory/settings") view=InventorySettingsPage />
                    <Route path=path!("stock") view=StockReportsPage />
                    <Route path=path!("stock/moves/new") view=NewStockMovePage />
                    <Route path=path!("stock/:tab") view=StockReportsPage />
                    <Route path=path!("stocktakes") view=StocktakesPage />
                    <Route path=path!("stocktakes/:stocktake") view=StocktakePage />
                    <Route path=path!("stocktakes/:stocktake/print") view=CountSheetPrintPage />
                    <Route path=path!("reports") view=ReportsPage />
                    <Route path=path!("reports/:report") view=ReportsPage />
                    <Route path=path!("") view=BookHome />
                </ParentRoute>
            </Routes>
        </Router>
        <ToastRegion />
    }
}

//! `/books/<id>/sync`: device sync: export changes for another device, import
//! changes, review what a merge overwrote, and the checksum both devices show.
//!
//! An export reads the log from IndexedDB (the store is the truth, and has
//! every set exactly as committed) and keeps the sets the other devices have
//! not acknowledged (`storage::peers_seen`), with their attachments' bytes. An
//! import reads and checks the whole file first, commits every new set in one
//! transaction, and only then folds them into the open book.

use std::collections::HashSet;

use kura_core::book::{Record, RecordKind};
use kura_core::files::backup::{
    write_book_file, BookFile, BookFileError, BookFileHeader, FileKind,
};
use kura_core::ids::RecordId;
use kura_core::locale::format_datetime;
use kura_core::store::{Store, StoreError};
use kura_core::sync::{
    acknowledged_by_all, checksum, merge, new_sets, restore_field, restore_record, unacknowledged,
    ChangeSet, MergeReport, Overwritten, RestoreError,
};
use kura_core::trade;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use super::data::{matching_passphrase, NewPassphrase};
use super::entry_form::today;
use super::files_nav::{FilesTab, FilesTabs};
use super::reports::{local_time, record_label};
use crate::app::{use_open_book, OpenBook, WriteError};
use crate::components::use_toasts;
use crate::i18n::{book_file_error, store_error, use_i18n, I18n, Messages};
use crate::platform::{self, TabChannel};
use crate::storage::{
    open_book_file, peers_seen, read_whole_file, remember_peer_seen, AttachmentBytes, IdbStore,
    NewFileKey,
};

/// The progress line: what is happening, or how the last action ended.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Collecting,
    Reading,
    Writing,
    Exported(usize),
    Merged(usize),
    NothingNew,
    Failed(String),
}

impl Status {
    fn text(&self, t: &'static Messages) -> String {
        match self {
            Status::Idle => String::new(),
            Status::Collecting => t.sync_collecting.into(),
            Status::Reading => t.sync_reading.into(),
            Status::Writing => t.sync_writing.into(),
            Status::Exported(n) => (t.sync_exported)(*n),
            Status::Merged(n) => (t.sync_merged)(*n),
            Status::NothingNew => t.sync_nothing_new.into(),
            Status::Failed(message) => message.clone(),
        }
    }
}

#[component]
pub fn SyncPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let status = RwSignal::new(Status::Idle);
    let overwritten = RwSignal::new(Vec::<Overwritten>::new());
    let all = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let (export_passphrase, export_again) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let export_error = RwSignal::new(None::<String>);
    let file_input = NodeRef::<Input>::new();
    let sum = Memo::new(move |_| open.book.with(checksum));
    let busy = move || {
        matches!(
            status.get(),
            Status::Collecting | Status::Reading | Status::Writing
        )
    };

    let on_export = move |_| {
        let Some(pass) = matching_passphrase(export_passphrase, export_again, export_error, i18n)
        else {
            return;
        };
        spawn_local(async move {
            let result = export(open, all.get_untracked(), &pass, i18n, status).await;
            status.set(match result {
                Ok(n) => Status::Exported(n),
                Err(message) => Status::Failed(message),
            });
        });
    };
    let on_import = move |_| {
        let Some(file) = file_input
            .get_untracked()
            .and_then(|input| platform::chosen_file(&input))
        else {
            return;
        };
        let passphrase = Some(passphrase.get_untracked()).filter(|p| !p.is_empty());
        spawn_local(async move {
            status.set(Status::Reading);
            if let Some(input) = file_input.get_untracked() {
                input.set_value("");
            }
            status.set(match import(open, file, passphrase, i18n, status).await {
                Ok(report) if report.merged == 0 => Status::NothingNew,
                Ok(report) => {
                    overwritten.set(report.overwritten);
                    Status::Merged(report.merged)
                }
                Err(message) => Status::Failed(message),
            });
        });
    };

    view! {
        <div class="kura-page kura-sync">
            <FilesTabs current=FilesTab::Sync />
            <h1>{move || t().sync_title}</h1>
            <p class="kura-muted">{move || t().sync_intro}</p>
            <section class="kura-card">
                <h2>{move || t().sync_checksum_heading}</h2>
                <dl class="kura-facts">
                    <dt>{move || t().sync_checksum_label}</dt>
                    <dd class="kura-mono kura-sync__checksum" data-testid="sync-checksum">
                        {move || sum.get()}
                    </dd>
                </dl>
                <p class="kura-muted">{move || t().sync_checksum_hint}</p>
            </section>
            <section class="kura-card">
                <h2>{move || t().sync_export_heading}</h2>
                <label class="kura-check">
                    <input type="checkbox" data-testid="sync-export-all"
                        prop:checked=move || all.get()
                        on:change=move |ev| all.set(event_target_checked(&ev)) />
                    {move || t().sync_export_all}
                </label>
                <NewPassphrase passphrase=export_passphrase again=export_again error=export_error
                    ids=("sync-export-passphrase", "sync-export-passphrase-again")
                    hint=Signal::derive(move || t().sync_export_passphrase_hint.to_string()) />
                <button type="button" class="kura-button kura-button--primary"
                    data-testid="sync-export" disabled=busy on:click=on_export>
                    {move || t().sync_export_button}
                </button>
            </section>
            <section class="kura-card">
                <h2>{move || t().sync_import_heading}</h2>
                <label class="kura-field">
                    <span>{move || t().sync_passphrase}</span>
                    <input type="password" class="kura-input" autocomplete="off"
                        data-testid="sync-passphrase"
                        prop:value=move || passphrase.get()
                        on:input=move |ev| passphrase.set(event_target_value(&ev)) />
                </label>
                <label class="kura-field">
                    <span>{move || t().sync_import_choose}</span>
                    <input type="file" class="kura-input" accept=".kura,application/zip"
                        data-testid="sync-import" node_ref=file_input disabled=busy
                        on:change=on_import />
                </label>
            </section>
            <p class="kura-sync__status" role="status" data-testid="sync-status"
                class:kura-error=move || matches!(status.get(), Status::Failed(_))>
                {move || status.get().text(t())}
            </p>
            <Show when=move || overwritten.with(|rows| !rows.is_empty())>
                <OverwrittenTable open overwritten />
            </Show>
        </div>
    }
}

/// What a merge overwrote, each row with "restore ours".
#[component]
fn OverwrittenTable(open: OpenBook, overwritten: RwSignal<Vec<Overwritten>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let toasts = use_toasts();
    let restore = move |row: Overwritten| {
        spawn_local(async move {
            let result = match row.field.clone() {
                Some(field) => {
                    let (key, ours) = (row.key, row.ours.clone());
                    open.write(|book, ctx| restore_field(book, key, &field, ours, ctx))
                        .await
                }
                None => {
                    let record = row.our_record.clone();
                    open.write(|_, ctx| Ok::<_, RestoreError>(restore_record(record, ctx)))
                        .await
                }
            };
            match result {
                Ok(()) => {
                    overwritten.update(|rows| rows.retain(|r| r != &row));
                    toasts.success(i18n.t().sync_restored);
                }
                Err(WriteError::Invalid(_)) => toasts.error(i18n.t().sync_restore_invalid),
                Err(WriteError::Store(error)) => toasts.error(store_error(&error, i18n.locale())),
            }
        });
    };
    view! {
        <section class="kura-card">
            <h2>{move || t().sync_overwritten_heading}</h2>
            <p class="kura-muted">{move || t().sync_overwritten_intro}</p>
            <div class="kura-table-wrap">
                <table class="kura-table" data-testid="sync-overwritten">
                    <thead>
                        <tr>
                            <th scope="col">{move || t().sync_col_record}</th>
                            <th scope="col">{move || t().sync_col_field}</th>
                            <th scope="col">{move || t().sync_col_ours}</th>
                            <th scope="col">{move || t().sync_col_theirs}</th>
                            <th scope="col">{move || t().sync_col_by}</th>
                            <th scope="col"><span class="kura-visually-hidden">{move || t().sync_restore}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || overwritten.get() key=|row| (row.key, row.field.clone()) let:row>
                            {
                                // Each cell follows the language: a closure over its own copy.
                                let cell = |text: fn(&Overwritten, I18n) -> String| {
                                    let shown = row.clone();
                                    move || text(&shown, i18n)
                                };
                                view! {
                                    <tr>
                                        <td>{cell(record_text)}</td>
                                        <td>{cell(field_text)}</td>
                                        <td>{cell(|r, i18n| value_text(r.ours.as_ref(), i18n))}</td>
                                        <td>{cell(|r, i18n| value_text(r.theirs.as_ref(), i18n))}</td>
                                        <td>{cell(by_text)}</td>
                                        <td>
                                            <button type="button" class="kura-button"
                                                data-testid="sync-restore"
                                                on:click=move |_| restore(row.clone())>
                                                {move || t().sync_restore}
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// A record as the table names it: its kind and its name (or number, code,
/// description), else the start of its id.
fn record_text(row: &Overwritten, i18n: I18n) -> String {
    let record = &row.our_record;
    let fields = kura_core::sync::fields_of(record);
    let name = ["name", "number", "code", "description"]
        .iter()
        .find_map(|f| {
            fields
                .get(*f)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        })
        .map(str::to_string)
        .unwrap_or_else(|| record.key().id.to_string()[..8].to_string());
    format!("{} {name}", record_label(row.key.kind, i18n.t()))
}

/// The field as its form labels it (its stored name for fields no form
/// shows), or "(record deleted)".
fn field_text(row: &Overwritten, i18n: I18n) -> String {
    match &row.field {
        Some(field) => {
            field_label(row.key.kind, field, i18n.t()).map_or_else(|| field.clone(), str::to_string)
        }
        None => i18n.t().sync_whole_record.to_string(),
    }
}

/// The label of a field of the records people edit: partners, items, accounts.
fn field_label(kind: RecordKind, field: &str, t: &Messages) -> Option<&'static str> {
    let label = match (kind, field) {
        (RecordKind::Partner, "name") => t.pt_name,
        (RecordKind::Item, "name") => t.itm_name,
        (RecordKind::Account, "name_ja") => t.account_name_ja,
        (RecordKind::Account, "name_en") => t.account_name_en,
        (RecordKind::Account, "code") => t.account_code,
        (RecordKind::Account, "default_tax") => t.account_default_tax,
        (RecordKind::Item, "code") => t.itm_code,
        (_, "reading") => t.pt_reading,
        (_, "postal_code") => t.pt_postal,
        (_, "address") => t.pt_address,
        (_, "contact") => t.pt_contact,
        (_, "email") => t.pt_email,
        (_, "phone") => t.pt_phone,
        (_, "honorific") => t.pt_honorific,
        (_, "payment_terms") => t.pt_terms,
        (_, "price_basis") => t.pt_price_basis,
        (_, "registration_number") => t.pt_registration,
        (_, "registered_issuer") => t.pt_registered_issuer,
        (_, "bank") => t.pt_bank_heading,
        (_, "notes") => t.pt_notes,
        (_, "unit") => t.itm_unit,
        (_, "sale_price") => t.itm_sale_price,
        (_, "purchase_cost") => t.itm_purchase_cost,
        (_, "tax_code") => t.itm_tax_code,
        (_, "reorder_point") => t.itm_reorder_point,
        (_, "reorder_quantity") => t.itm_reorder_quantity,
        (_, "preferred_supplier") => t.itm_supplier,
        (_, "barcode") => t.itm_barcode,
        _ => return None,
    };
    Some(label)
}

/// A field's value as text: strings as they are, nothing as "(empty)".
fn value_text(value: Option<&Value>, i18n: I18n) -> String {
    match value {
        None | Some(Value::Null) => i18n.t().sync_empty_value.to_string(),
        Some(Value::String(text)) if text.is_empty() => i18n.t().sync_empty_value.to_string(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// Which device wrote the value, and when (its clock time, here).
fn by_text(row: &Overwritten, i18n: I18n) -> String {
    let device = row.by.0.device.to_string();
    let short = &device[device.len().saturating_sub(6)..];
    let when = format_datetime(local_time(row.by.0.wall_ms), i18n.locale());
    format!("{} {when}", (i18n.t().sync_device)(short))
}

/// Claims this device's number series before a copy of the book leaves it
/// (a backup, a changes file), when no device has one yet: see
/// `claim_series_before_sending`. Writes nothing otherwise.
pub(super) async fn claim_series_before_sending(open: OpenBook) -> Result<(), StoreError> {
    let device = platform::device_id();
    open.write_if_needed(|book, ctx| trade::claim_series_before_sending(book, device, ctx))
        .await
}

/// Writes the file of changes the other devices lack (or all of them) and
/// downloads it. Returns how many change sets it holds.
async fn export(
    open: OpenBook,
    all: bool,
    passphrase: &str,
    i18n: I18n,
    status: RwSignal<Status>,
) -> Result<usize, String> {
    let store_failed = |error: StoreError| store_error(&error, i18n.locale());
    status.set(Status::Collecting);
    claim_series_before_sending(open)
        .await
        .map_err(store_failed)?;
    let store = IdbStore::open(open.id).await.map_err(store_failed)?;
    let mut sets = store.load().await.map_err(store_failed)?;
    if !all {
        sets = unacknowledged(sets, &acknowledged_by_all(&peers_seen(open.id)));
    }
    let attachments = attachment_bytes(&store, &sets)
        .await
        .map_err(store_failed)?;
    let (book_name, seen) = open.book.with_untracked(|book| {
        let name = book.settings().map(|s| s.name.clone()).unwrap_or_default();
        (name, book.seen())
    });
    let count = sets.len();
    let file = BookFile {
        header: BookFileHeader {
            kind: FileKind::Changes,
            book_id: open.id,
            book_name: book_name.clone(),
            device: platform::device_id(),
            created_ms: platform::now_ms(),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            seen,
        },
        change_sets: sets,
        attachments,
    };
    status.set(Status::Writing);
    let key = NewFileKey::derive(passphrase).await;
    let bytes = write_book_file(
        &file,
        key.as_ref().map(NewFileKey::encryption),
        &mut |_, _| {},
    )
    .map_err(|e| book_file_error(&e, i18n.locale()))?;
    platform::download_bytes(&file_name(&book_name), &bytes, "application/zip");
    Ok(count)
}

/// `<book>-changes-<date>.kura`, with characters file systems refuse replaced.
fn file_name(book_name: &str) -> String {
    let date = today().format("%Y-%m-%d");
    platform::safe_file_name(&format!("{book_name}-changes-{date}.kura"))
}

/// The kept bytes of the attachments `sets` write (a file this device never
/// received is left out: the record travels, the bytes cannot).
async fn attachment_bytes(
    store: &IdbStore,
    sets: &[ChangeSet],
) -> Result<Vec<(RecordId, Vec<u8>)>, StoreError> {
    let ids = attachments_written(sets);
    let mut files = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(blob) = store.read_attachment(id).await? else {
            continue;
        };
        let bytes = platform::blob_bytes(&blob)
            .await
            .ok_or_else(|| StoreError::Backend(format!("attachment {id} unreadable")))?;
        files.push((id, bytes));
    }
    Ok(files)
}

/// The ids of the attachment records `sets` write.
fn attachments_written(sets: &[ChangeSet]) -> HashSet<RecordId> {
    sets.iter()
        .flat_map(|set| &set.changes)
        .filter_map(|change| match change.record() {
            Some(Record::Attachment(a)) => Some(a.id),
            _ => None,
        })
        .collect()
}

/// Reads and checks the whole file, commits the sets this book lacks in one
/// transaction, then folds them in and tells the other tabs.
async fn import(
    open: OpenBook,
    chosen: web_sys::File,
    passphrase: Option<String>,
    i18n: I18n,
    status: RwSignal<Status>,
) -> Result<MergeReport, String> {
    let file_failed = |error: BookFileError| book_file_error(&error, i18n.locale());
    let reader = open_book_file(&chosen).await.map_err(file_failed)?;
    let header = reader.header().clone();
    if header.book_id != open.id {
        return Err((i18n.t().sync_other_book)(&header.book_name));
    }
    let file = read_whole_file(reader, passphrase.as_deref())
        .await
        .map_err(file_failed)?;
    let fresh = open
        .book
        .with_untracked(|book| new_sets(book, file.change_sets));
    if !fresh.is_empty() {
        status.set(Status::Writing);
        let written = attachments_written(&fresh);
        let files: Vec<AttachmentBytes> = file
            .attachments
            .iter()
            .filter(|(id, _)| written.contains(id))
            .map(|(id, bytes)| AttachmentBytes { id: *id, bytes })
            .collect();
        let store = IdbStore::open(open.id)
            .await
            .map_err(|e| store_error(&e, i18n.locale()))?;
        store
            .commit_many(&fresh, &files)
            .await
            .map_err(|e| store_error(&e, i18n.locale()))?;
    }
    let report = open
        .book
        .try_update(|book| merge(book, &fresh, &header.seen))
        .unwrap_or_default();
    if let Some(channel) = TabChannel::open(open.id, |_| {}) {
        fresh.iter().for_each(|set| channel.post(set));
    }
    remember_peer_seen(open.id, header.device, &header.seen);
    // A peer without a number series gets one of this device's; the next file
    // sent carries it (see `grant_series_to_peer`).
    let device = platform::device_id();
    open.write_if_needed(|book, ctx| trade::grant_series_to_peer(book, device, header.device, ctx))
        .await
        .map_err(|e| store_error(&e, i18n.locale()))?;
    Ok(report)
}

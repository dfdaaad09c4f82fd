//! `/books/<id>/sync`: device sync: export changes for another device, import
//! changes, decide the changes a merge held, review what a merge overwrote,
//! this device's number series, and the checksum both devices show.
//!
//! An export reserves a number series for whoever arrives by the file, reads
//! the log from IndexedDB (the store is the truth, and has every set exactly
//! as committed) and keeps the sets the other devices have not acknowledged
//! (`storage::peers_seen`), with their attachments' bytes. An import reads and
//! checks the whole file first and judges its sets by the book's rules
//! (`kura_core::sync::plan_merge`). The sets that break them are held: kept
//! beside the book (its `meta`, `storage::HeldChange`) with what each would
//! do, until the user accepts or refuses it — today or another day; a refusal
//! is kept too, so the set is not asked about again. The other sets are
//! committed in one transaction and folded into the open book at once (one
//! disputed change does not hold up the rest), through the open book
//! (`OpenBook::merge_in`, like every other write: this page never opens the
//! store). Then the numbering steps: a
//! fresh device id when another copy of this browser writes with this one's
//! (or another device holds its tag), and the file's reservation when this
//! device has no series.

mod conflicts;

use kura_core::book::RecordKind;
use kura_core::files::backup::{
    write_book_file, BookFile, BookFileError, BookFileHeader, FileKind,
};
use kura_core::ids::{DeviceId, RecordId};
use kura_core::locale::{format_date, format_datetime};
use kura_core::store::StoreError;
use kura_core::sync::{
    acknowledged_by_all,
    chain::{verify_sets, Scope},
    checksum, plan_merge, restore_field, restore_record, unacknowledged, ChangeSet, Decisions,
    MergeReport, Overwritten, RestoreError, SeriesMove,
};
use kura_core::trade::{self};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::app::{
    attachments_written, claim_series_before_sending, open_book_file, peers_seen, read_whole_file,
    remember_peer_seen, use_open_book, AttachmentBytes, HeldChange, NewFileKey, OpenBook,
    WriteError,
};
use crate::components::{
    matching_passphrase, record_text, use_toasts, DeviceSeriesNote, FilesTab, FilesTabs,
    NewPassphrase,
};
use crate::i18n::{book_file_error, store_error, use_i18n, I18n, Messages};
use crate::platform;
use crate::platform::{local_time, today};
use crate::routes::BookScreen;

/// The progress line: what is happening, or how the last action ended.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Collecting,
    Reading,
    Writing,
    Exported(usize),
    /// Change sets merged, and how many were held for the user's decision.
    Merged(usize, usize),
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
            Status::Merged(n, 0) => (t.sync_merged)(*n),
            Status::Merged(0, held) => (t.merge_held_count)(*held),
            Status::Merged(n, held) => {
                format!("{} {}", (t.sync_merged)(*n), (t.merge_held_count)(*held))
            }
            Status::NothingNew => t.sync_nothing_new.into(),
            Status::Failed(message) => message.clone(),
        }
    }
}

#[component]
pub fn SyncPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let toasts = use_toasts();
    let open = use_open_book();
    let status = RwSignal::new(Status::Idle);
    let overwritten = RwSignal::new(Vec::<Overwritten>::new());
    let held = RwSignal::new(Vec::<HeldChange>::new());
    let device = RwSignal::new(open.device());
    let moved = RwSignal::new(None::<SeriesMove>);
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
    let outcome = Outcome {
        status,
        overwritten,
        held,
        device,
        moved,
    };
    spawn_local(async move {
        if let Err(error) = load_held(open, held).await {
            status.set(Status::Failed(store_error(&error, i18n.locale())));
        }
    });

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
            overwritten.set(Vec::new());
            moved.set(None);
            if let Some(input) = file_input.get_untracked() {
                input.set_value("");
            }
            status.set(match read(open, file, passphrase, i18n).await {
                Ok(file) => {
                    status.set(Status::Writing);
                    // A file's sets come with their devices' links: a broken
                    // chain is told, never a reason to refuse the merge.
                    let problems = verify_sets(&file.change_sets, Scope::Part).problem_count();
                    if problems > 0 {
                        toasts.error((t().hist_changes_warning)(problems));
                    }
                    match import(open, file, outcome).await {
                        Ok((report, 0)) if report.merged == 0 => Status::NothingNew,
                        Ok((report, held)) => {
                            overwritten.set(report.overwritten);
                            Status::Merged(report.merged, held)
                        }
                        Err(error) => Status::Failed(store_error(&error, i18n.locale())),
                    }
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
                <h2>{move || t().series_heading}</h2>
                <DeviceSeriesNote device=Signal::from(device) />
                {move || moved.get().map(|reason| view! {
                    <p class="kura-sync__moved" role="status" data-testid="sync-moved">
                        {move || moved_text(&reason, t())}
                    </p>
                })}
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
            <Show when=move || held.with(|h| !h.is_empty())>
                <HeldSets open outcome />
            </Show>
            <DuplicateNumbers open />
            <Show when=move || overwritten.with(|rows| !rows.is_empty())>
                <OverwrittenTable open overwritten />
            </Show>
        </div>
    }
}

/// Where an import and a decision report back to the page.
#[derive(Clone, Copy)]
struct Outcome {
    status: RwSignal<Status>,
    overwritten: RwSignal<Vec<Overwritten>>,
    /// The sets held for the user's decision, as kept beside the book.
    held: RwSignal<Vec<HeldChange>>,
    /// The device id this browser writes the book as (it changes on a move).
    device: RwSignal<DeviceId>,
    /// Why this device moved to a new device id and series, if it did.
    moved: RwSignal<Option<SeriesMove>>,
}

/// The sets merges held, each with what it would do, "accept" and "refuse".
#[component]
fn HeldSets(open: OpenBook, outcome: Outcome) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let toasts = use_toasts();
    let on_decide = move |change: HeldChange, accept: bool| {
        spawn_local(async move {
            if let Err(error) = decide(open, change, accept, outcome).await {
                toasts.error(store_error(&error, i18n.locale()));
            }
        });
    };
    let currency = move || open.book.with(|b| b.currency());
    view! {
        <section class="kura-card kura-sync__held" data-testid="sync-held">
            <h2>{move || t().merge_held_heading}</h2>
            <p>{move || t().merge_held_intro}</p>
            <For each=move || outcome.held.get() key=|h| h.held.set.id let:change>
                {
                    let stamp = change.held.set.stamp;
                    let from = move || {
                        let when = format_datetime(local_time(stamp.wall_ms), i18n.locale());
                        (t().merge_held_from)(&conflicts::device_text(stamp.device, t()), &when)
                    };
                    let texts = change.held.conflicts.clone();
                    let (accepted, refused) = (change.clone(), change);
                    view! {
                        <article class="kura-sync__held-set" data-testid="sync-held-set">
                            <h3>{from}</h3>
                            <ul>
                                {texts
                                    .into_iter()
                                    .map(|conflict| {
                                        let text = move || {
                                            conflicts::conflict_text(&conflict, currency(), i18n)
                                        };
                                        view! { <li data-testid="sync-conflict">{text}</li> }
                                    })
                                    .collect_view()}
                            </ul>
                            <div class="kura-sync__decide">
                                <button type="button" class="kura-button" data-testid="sync-accept"
                                    on:click=move |_| on_decide(accepted.clone(), true)>
                                    {move || t().merge_accept}
                                </button>
                                <button type="button" class="kura-button kura-button--primary"
                                    data-testid="sync-refuse"
                                    on:click=move |_| on_decide(refused.clone(), false)>
                                    {move || t().merge_refuse}
                                </button>
                            </div>
                        </article>
                    }
                }
            </For>
        </section>
    }
}

/// A document as the list of numbers used twice names it: kind, date, partner.
fn document_text(open: OpenBook, id: RecordId, i18n: I18n) -> String {
    let t = i18n.t();
    open.book.with(|book| {
        let Some(doc) = book.document(id) else {
            return String::new();
        };
        let partner = book.partner(doc.partner).map_or("", |p| p.name.as_str());
        let date = format_date(doc.date, i18n.locale());
        (t.duplicates_document)((t.doc_kind_name)(doc.kind), &date, partner)
    })
}

/// Numbers that more than one document carries (after a merge the user
/// accepted although it held a shared series), with a link to each.
#[component]
fn DuplicateNumbers(open: OpenBook) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let twice = Memo::new(move |_| open.book.with(trade::duplicate_numbers));
    let book = open.id;
    view! {
        <Show when=move || twice.with(|d| !d.is_empty())>
            <section class="kura-card" data-testid="sync-duplicates">
                <h2>{move || t().duplicates_heading}</h2>
                <p class="kura-muted">{move || t().duplicates_intro}</p>
                <ul>
                    <For each=move || twice.get() key=|(number, _)| number.clone() let:row>
                        <li>
                            <span class="kura-mono">{row.0.clone()}</span>
                            {row.1.into_iter().map(|doc| view! {
                                " "
                                <a href=BookScreen::Document(doc).path(book)>{move || document_text(open, doc, i18n)}</a>
                            }).collect_view()}
                        </li>
                    </For>
                </ul>
            </section>
        </Show>
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
                                        <td>{cell(|r, i18n| record_text(&r.our_record, i18n.t()))}</td>
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
        (_, "business_class") => t.account_business_class,
        (RecordKind::Account, "purchase_use") => t.account_purchase_use,
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
        (_, "registered_from") => t.pt_registered_from,
        (_, "registered_until") => t.pt_registered_until,
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
    let mut sets = open.stored_sets().await.map_err(store_failed)?;
    if !all {
        sets = unacknowledged(sets, &acknowledged_by_all(&peers_seen(open.id)));
    }
    let attachments = open.attachment_bytes(&sets).await.map_err(store_failed)?;
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
            device: open.device(),
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

/// Reads and checks the whole file: it must be a file of this book.
async fn read(
    open: OpenBook,
    chosen: web_sys::File,
    passphrase: Option<String>,
    i18n: I18n,
) -> Result<BookFile, String> {
    let file_failed = |error: BookFileError| book_file_error(&error, i18n.locale());
    let reader = open_book_file(&chosen).await.map_err(file_failed)?;
    if reader.header().book_id != open.id {
        return Err((i18n.t().sync_other_book)(&reader.header().book_name));
    }
    read_whole_file(reader, passphrase.as_deref())
        .await
        .map_err(file_failed)
}

/// Judges the file's sets, keeps the held ones beside the book, then commits
/// the rest in one transaction (with the bytes of the files they attach),
/// folds them in and tells the other tabs; then the numbering steps: a fresh
/// device id when the plan says this device must move, and the file's
/// reservation when it has no series. Returns the merge and how many sets
/// were held.
async fn import(
    open: OpenBook,
    file: BookFile,
    outcome: Outcome,
) -> Result<(MergeReport, usize), StoreError> {
    let decided_or_held = open.decided_or_held().await?;
    let plan = open.book.with_untracked(|book| {
        let mut sets = file.change_sets.clone();
        sets.retain(|set| !decided_or_held.contains(&set.id));
        plan_merge(
            book,
            open.device(),
            sets,
            &file.header.seen,
            &Decisions::default(),
        )
    });
    let held: Vec<HeldChange> = plan
        .held
        .iter()
        .map(|held| HeldChange {
            held: held.clone(),
            seen: plan.seen.clone(),
        })
        .collect();
    // Held sets are kept before the rest is committed: once that is, this
    // book acknowledges the sender's later sets, and no file brings them again.
    open.hold(held).await?;
    // The bytes of every file attached by a set going in or held.
    let sets_in: Vec<ChangeSet> = plan
        .apply
        .iter()
        .chain(plan.held.iter().map(|h| &h.set))
        .cloned()
        .collect();
    let written = attachments_written(&sets_in);
    let files: Vec<AttachmentBytes> = file
        .attachments
        .iter()
        .filter(|(id, _)| written.contains(id))
        .map(|(id, bytes)| AttachmentBytes { id: *id, bytes })
        .collect();
    let report = open.merge_in(&plan.apply, &plan.seen, &files).await?;
    remember_peer_seen(open.id, file.header.device, &plan.seen);
    if let Some(reason) = &plan.move_series {
        let device = DeviceId(platform::new_id());
        open.move_to_device(device).await?;
        outcome.device.set(device);
        outcome.moved.set(Some(reason.clone()));
    }
    let writer = file.header.device;
    open.write_if_needed(|book, ctx| {
        trade::claim_series_from_file(book, ctx.stamp.device, &plan.apply, writer, ctx)
    })
    .await?;
    load_held(open, outcome.held).await?;
    Ok((report, plan.held.len()))
}

/// The user's decision on a held set: accepted, it is committed and folded
/// in as it came (what it overwrote is listed); refused, it is remembered as
/// refused. Either way it leaves the held ones.
async fn decide(
    open: OpenBook,
    change: HeldChange,
    accept: bool,
    outcome: Outcome,
) -> Result<(), StoreError> {
    let set = change.held.set;
    if accept {
        let report = open
            .merge_in(std::slice::from_ref(&set), &change.seen, &[])
            .await?;
        outcome
            .overwritten
            .update(|rows| rows.extend(report.overwritten));
    }
    open.decided(set.id, !accept).await?;
    outcome.status.set(Status::Idle);
    load_held(open, outcome.held).await
}

/// Why this device moved to a new id and series, in words.
fn moved_text(reason: &SeriesMove, t: &'static Messages) -> String {
    match reason {
        SeriesMove::WrittenWithOurId | SeriesMove::SeenBeyondOurs { .. } => {
            t.merge_moved_copy.to_string()
        }
        SeriesMove::SharedTag { tag, holder } => {
            (t.merge_moved_shared)(&(t.series_tag)(tag), &conflicts::device_text(*holder, t))
        }
    }
}

/// The held sets as kept beside the book. One the book holds already (an
/// acceptance whose last step failed) is done with, and dropped.
async fn load_held(open: OpenBook, held: RwSignal<Vec<HeldChange>>) -> Result<(), StoreError> {
    let mut kept = open.held_sets().await?;
    let applied: Vec<RecordId> = open.book.with_untracked(|book| {
        kept.iter()
            .map(|h| h.held.set.id)
            .filter(|id| book.has_applied(*id))
            .collect()
    });
    for id in applied {
        open.decided(id, false).await?;
        kept.retain(|h| h.held.set.id != id);
    }
    held.set(kept);
    Ok(())
}

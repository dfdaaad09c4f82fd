//! The evidence (証憑) of a journal entry: a drop zone with a "choose a file"
//! button, the attached files as thumbnails (pictures) or links (PDFs) that open
//! them, removal, and what was removed from a posted entry (still kept). Each
//! file shows its transaction date, amount and partner (its own, or its
//! entry's), typed when it is attached and editable later as a new version.
//!
//! XML, HTML, CSV, text and e-mail files are never rendered: a hostile page or
//! message could run script or fetch from anywhere in the app's origin. They are
//! kept as opaque bytes (`MediaType::stored_mime`), offered as a download, and
//! shown on request only as text in a `<pre>` (Leptos escapes text nodes).
//!
//! The core decides what may be attached or removed; each file is one write
//! (`OpenBook::write_with_attachments`) that stores the record and the bytes in
//! one transaction, and the list shows a file once that write has committed.
//! Pictures are shown through object URLs (the CSP allows `img-src blob:`),
//! revoked when the list goes away.

use std::collections::HashMap;

use chrono::NaiveDate;
use kura_core::book::{
    attach_evidence, check_attachment_size, decode_text, remove_attachment, set_evidence_keys,
    Attachment, Book, EvidenceKeys, MediaType, RecordKey, RecordKind, MAX_ATTACHMENT_BYTES,
};
use kura_core::ids::RecordId;
use kura_core::locale::{format_bytes, format_date, format_datetime, format_money, Locale};
use kura_core::money::AmountError;
use kura_core::reports::kept_until;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use web_sys::{DragEvent, File, FileList, HtmlInputElement, Url};

use crate::app::{use_open_book, AttachmentBytes, OpenBook, WriteError};
use crate::components::{
    amount_error_message, use_toasts, AmountInput, DateInput, Dialog, DialogActions, FormField,
};
use crate::i18n::{accepted_file_types, attachment_error, store_error, use_i18n};
use crate::platform;

/// One attachment as the list shows it: the record and when it was added and,
/// if removed, when.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    attachment: Attachment,
    added_ms: u64,
    removed_ms: Option<u64>,
    /// The entry's keys, which apply where the file has none of its own.
    entry: Option<EntryKeys>,
}

/// An entry's date, total and partner: what a file without keys of its own is
/// searched by, and what a new file's fields start from.
#[derive(Clone, Debug, PartialEq)]
struct EntryKeys {
    date: NaiveDate,
    total: Decimal,
    partner: Option<String>,
}

fn entry_keys(book: &Book, entry: RecordId) -> Option<EntryKeys> {
    book.entry(entry).map(|e| EntryKeys {
        date: e.date(),
        total: e.total(),
        partner: e.partner().map(str::to_string),
    })
}

/// The keys a file keeps from what its fields hold: a field equal to the entry's
/// (or blank) is left to the entry, so the file follows a draft's later changes
/// and its record says only what the file itself adds.
fn own_keys(
    date: Option<NaiveDate>,
    amount: Option<Decimal>,
    partner: &str,
    entry: Option<&EntryKeys>,
) -> EvidenceKeys {
    let partner = Some(partner.trim().to_string()).filter(|p| !p.is_empty());
    EvidenceKeys {
        date: date.filter(|d| entry.is_none_or(|e| e.date != *d)),
        amount: amount.filter(|a| entry.is_none_or(|e| e.total != *a)),
        partner: partner.filter(|p| entry.is_none_or(|e| e.partner.as_deref() != Some(p))),
    }
}

/// The three key fields of a file (date, amount, partner) as typed, with the
/// errors the date and amount fields show: what the attach form and the keys
/// editor both hold.
#[derive(Clone, Copy)]
struct KeyInputs {
    date: RwSignal<Option<NaiveDate>>,
    date_error: RwSignal<Option<String>>,
    amount: RwSignal<Option<Decimal>>,
    amount_error: RwSignal<Option<AmountError>>,
    partner: RwSignal<String>,
}

impl KeyInputs {
    fn new(date: Option<NaiveDate>, amount: Option<Decimal>, partner: String) -> KeyInputs {
        KeyInputs {
            date: RwSignal::new(date),
            date_error: RwSignal::new(None),
            amount: RwSignal::new(amount),
            amount_error: RwSignal::new(None),
            partner: RwSignal::new(partner),
        }
    }

    /// Shows an entry's keys (or none), with no error.
    fn show(&self, keys: Option<EntryKeys>) {
        self.date_error.set(None);
        self.amount_error.set(None);
        self.date.set(keys.as_ref().map(|k| k.date));
        self.amount.set(keys.as_ref().map(|k| k.total));
        self.partner
            .set(keys.and_then(|k| k.partner).unwrap_or_default());
    }

    /// The file's own keys as typed ([`own_keys`]), or `None` while a field
    /// shows an error: nothing is saved with a key the user did not mean.
    fn typed(&self, entry: Option<&EntryKeys>) -> Option<EvidenceKeys> {
        if self.date_error.with_untracked(Option::is_some)
            || self.amount_error.with_untracked(Option::is_some)
        {
            return None;
        }
        Some(own_keys(
            self.date.get_untracked(),
            self.amount.get_untracked(),
            &self.partner.get_untracked(),
            entry,
        ))
    }
}

fn shown(book: &Book, attachment: &Attachment) -> Shown {
    let key = RecordKey {
        kind: RecordKind::Attachment,
        id: attachment.id,
    };
    let history = book.history(&key);
    let at = |v: Option<&kura_core::book::Version>| v.map_or(0, |v| v.stamp.0.wall_ms);
    Shown {
        attachment: attachment.clone(),
        added_ms: at(history.first()),
        removed_ms: attachment.removed.then(|| at(history.last())),
        entry: entry_keys(book, attachment.entry_id),
    }
}

/// Where a file's bytes are, once read from storage.
#[derive(Clone, Debug, PartialEq)]
enum Bytes {
    Loading,
    Url(String),
    Missing,
}

/// A clock time for the list, in the user's time zone.
fn local_time(ms: u64, locale: Locale) -> String {
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .map(|at| format_datetime(at.with_timezone(&chrono::Local).naive_local(), locale))
        .unwrap_or_default()
}

/// The files of a drop or a pick.
fn files_of(list: &FileList) -> Vec<File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Attaches one file; the message says why not. The size is checked before the
/// bytes are read, so a huge file is refused without loading it.
async fn attach_one(
    open: OpenBook,
    entry: RecordId,
    file: File,
    keys: EvidenceKeys,
    locale: Locale,
) -> Result<(), String> {
    let t = crate::i18n::messages(locale);
    check_attachment_size(file.size() as u64).map_err(|e| attachment_error(&e, locale))?;
    let bytes = platform::blob_bytes(&file)
        .await
        .ok_or_else(|| t.att_read_failed.to_string())?;
    let (id, name) = (platform::new_id(), file.name());
    let files = [AttachmentBytes { id, bytes: &bytes }];
    let make = |book: &Book, ctx| attach_evidence(book, entry, id, &name, &bytes, keys, ctx);
    match open.write_with_attachments(make, &files).await {
        Ok(()) => Ok(()),
        Err(WriteError::Invalid(e)) => Err(attachment_error(&e, locale)),
        Err(WriteError::Store(e)) => Err(store_error(&e, locale)),
    }
}

/// The evidence of entry `entry`. Before the entry is saved there is nothing to
/// attach to, and it says so.
#[component]
pub fn Attachments(entry: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    // `None` while the entry is not saved; otherwise whether it is posted.
    let posted = Memo::new(move |_| open.book.with(|b| b.entry(entry).map(|e| e.is_posted())));
    let items = Memo::new(move |_| {
        open.book.with(|b| {
            b.attachments_of(entry)
                .into_iter()
                .map(|a| shown(b, a))
                .collect::<Vec<_>>()
        })
    });
    let bytes = RwSignal::new(HashMap::<RecordId, Bytes>::new());
    // The one file whose keys are being edited (the form's fields have fixed ids).
    let editing = RwSignal::new(None::<RecordId>);
    load_bytes(open, items, bytes);
    on_cleanup(move || bytes.with_untracked(|m| m.values().for_each(revoke)));

    let kept = move || items.get().into_iter().filter(|s| !s.attachment.removed);
    let removed = move || items.get().into_iter().filter(|s| s.attachment.removed);
    let list = move || {
        let shown: Vec<_> = kept().map(|s| item(s, bytes, posted, editing)).collect();
        if shown.is_empty() {
            view! { <p class="kura-muted" data-testid="attachments-empty">{t().att_none}</p> }
                .into_any()
        } else {
            view! { <ul class="kura-attachments__list" data-testid="attachments">{shown}</ul> }
                .into_any()
        }
    };
    let removed_list = move || {
        let shown: Vec<_> = removed().map(|s| item(s, bytes, posted, editing)).collect();
        (!shown.is_empty()).then(|| {
            view! {
                <h3 class="kura-attachments__subhead">{t().att_removed_heading}</h3>
                <ul class="kura-attachments__list kura-attachments__list--removed">{shown}</ul>
            }
        })
    };
    view! {
        <section class="kura-card kura-attachments" aria-labelledby="attachments-heading">
            <h2 id="attachments-heading">{move || t().att_heading}</h2>
            {move || match posted.get() {
                None => view! { <p class="kura-muted" data-testid="attachments-save-first">{t().att_save_first}</p> }
                    .into_any(),
                Some(is_posted) => view! {
                    {list}
                    <DropZone entry />
                    {is_posted.then(|| view! { <p class="kura-muted kura-attachments__note">{t().att_posted_note}</p> })}
                    {removed_list}
                }
                .into_any(),
            }}
        </section>
    }
}

/// Reads the bytes of each listed file once, as an object URL.
fn load_bytes(open: OpenBook, items: Memo<Vec<Shown>>, bytes: RwSignal<HashMap<RecordId, Bytes>>) {
    Effect::new(move || {
        let ids: Vec<RecordId> = items.with(|list| list.iter().map(|s| s.attachment.id).collect());
        for id in ids {
            if bytes.with_untracked(|m| m.contains_key(&id)) {
                continue;
            }
            bytes.update_untracked(|m| {
                m.insert(id, Bytes::Loading);
            });
            spawn_local(async move {
                let loaded = match open.read_attachment(id).await {
                    Ok(Some(blob)) => {
                        Url::create_object_url_with_blob(&blob).map_or(Bytes::Missing, Bytes::Url)
                    }
                    Ok(None) => Bytes::Missing,
                    Err(error) => {
                        web_sys::console::warn_1(
                            &format!("Kura: reading an attachment failed: {error}").into(),
                        );
                        Bytes::Missing
                    }
                };
                // The list may have gone while the bytes were read.
                if bytes.try_update(|m| m.insert(id, loaded.clone())).is_none() {
                    revoke(&loaded);
                }
            });
        }
    });
}

fn revoke(bytes: &Bytes) {
    if let Bytes::Url(url) = bytes {
        let _ = Url::revoke_object_url(url);
    }
}

/// One file: a thumbnail or a type mark and its name (a link that opens a
/// picture or PDF; other kinds are downloaded only), its type, size and dates,
/// its date, amount and partner, and, while it is kept, editing those and the
/// remove button.
fn item(
    shown: Shown,
    bytes: RwSignal<HashMap<RecordId, Bytes>>,
    posted: Memo<Option<bool>>,
    editing: RwSignal<Option<RecordId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let Shown {
        attachment,
        added_ms,
        removed_ms,
        entry,
    } = shown;
    let id = attachment.id;
    let media_type = attachment.media_type;
    let url = move || {
        bytes.with(|m| match m.get(&id) {
            Some(Bytes::Url(url)) => Some(url.clone()),
            _ => None,
        })
    };
    let missing = move || bytes.with(|m| m.get(&id) == Some(&Bytes::Missing));
    let preview = if media_type.is_image() {
        view! { <img class="kura-attachment__thumb" src=url alt="" data-testid="attachment-thumb" /> }.into_any()
    } else {
        {
            // PDF in its red, the text kinds in the ink of text.
            let class = if media_type.is_text() {
                "kura-attachment__pdf kura-attachment__pdf--text"
            } else {
                "kura-attachment__pdf"
            };
            view! { <span class=class aria-hidden="true" data-testid="attachment-kind">{media_type.label()}</span> }.into_any()
        }
    };
    let kind = format!("{} · {}", media_type.label(), format_bytes(attachment.size));
    let added = move || (t().att_added_at)(&local_time(added_ms, i18n.locale()));
    let removed = move || removed_ms.map(|ms| (t().att_removed_at)(&local_time(ms, i18n.locale())));
    let name = attachment.file_name.clone();
    let download = name.clone();
    let kept = removed_ms.is_none();
    let entry_id = attachment.entry_id;
    let remove =
        kept.then(|| view! { <RemoveButton id entry=entry_id name=name.clone() posted /> });
    let test_id = if kept {
        "attachment"
    } else {
        "removed-attachment"
    };
    // Pictures and PDFs open in a new tab; the other kinds are never opened in
    // the app's origin, so their name is plain text and they are downloaded.
    let head = if media_type.is_viewable() {
        view! {
            <a class="kura-attachment__open" href=url target="_blank" rel="noopener" data-testid="attachment-open">
                {preview}
                <span class="kura-attachment__name" data-testid="attachment-name">{name.clone()}</span>
            </a>
        }
        .into_any()
    } else {
        view! {
            <div class="kura-attachment__open" title=move || t().att_download_only>
                {preview}
                <span class="kura-attachment__name kura-attachment__name--plain" data-testid="attachment-name">{name.clone()}</span>
            </div>
        }
        .into_any()
    };
    let keys_view = key_facts(&attachment, entry.clone());
    let edit = kept.then(|| {
        let attachment = attachment.clone();
        let entry = entry.clone();
        let name = name.clone();
        move || {
            if editing.get() == Some(id) {
                view! { <KeysEditor attachment=attachment.clone() entry=entry.clone() editing /> }
                    .into_any()
            } else {
                let label = (t().att_edit_keys_named)(&name);
                view! {
                    <button type="button" class="kura-button" data-testid="edit-evidence-keys"
                        aria-label=label on:click=move |_| editing.set(Some(id))>
                        {move || t().att_edit_keys}
                    </button>
                }
                .into_any()
            }
        }
    });
    let text = media_type.is_text().then(|| view! { <TextPreview id /> });
    view! {
        <li class="kura-attachment" data-testid=test_id>
            {head}
            <span class="kura-attachment__facts kura-muted">{kind}</span>
            <span class="kura-attachment__facts kura-muted">{added}</span>
            {move || removed().map(|at| view! { <span class="kura-attachment__facts kura-muted">{at}</span> })}
            {keys_view}
            {move || missing().then(|| view! { <span class="kura-error">{t().att_missing}</span> })}
            {edit}
            {text}
            <div class="kura-attachment__actions">
                <a href=url download=download data-testid="attachment-download">{move || t().att_download}</a>
                {remove}
            </div>
        </li>
    }
}

/// The file's date, amount and partner, each marked when it is its entry's.
fn key_facts(attachment: &Attachment, entry: Option<EntryKeys>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let t = move || i18n.t();
    let date = attachment.date.or(entry.as_ref().map(|e| e.date));
    let amount = attachment.amount.or(entry.as_ref().map(|e| e.total));
    let partner = attachment
        .partner
        .clone()
        .or(entry.as_ref().and_then(|e| e.partner.clone()));
    let own = [
        attachment.date.is_some(),
        attachment.amount.is_some(),
        attachment.partner.is_some(),
    ];
    let mark = move |own: bool| {
        (!own).then(|| view! { " " <span class="kura-muted">{move || t().att_from_entry}</span> })
    };
    view! {
        <dl class="kura-attachment__keys" data-testid="evidence-keys">
            <dt>{move || t().att_key_date}</dt>
            <dd data-testid="evidence-date">
                {move || date.map(|d| format_date(d, i18n.locale())).unwrap_or_default()}
                {mark(own[0])}
            </dd>
            <dt>{move || t().att_key_amount}</dt>
            <dd data-testid="evidence-amount">
                {move || amount.map(|a| format_money(a, currency.get(), i18n.locale())).unwrap_or_default()}
                {mark(own[1])}
            </dd>
            <dt>{move || t().att_key_partner}</dt>
            <dd data-testid="evidence-partner">{partner.unwrap_or_default()} {mark(own[2])}</dd>
        </dl>
    }
}

/// The three fields of a file's keys (date, amount, partner), with the given
/// control ids (one such form is on the page at a time per id set).
#[component]
fn KeysFields(ids: [&'static str; 3], keys: KeyInputs) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let [date_id, amount_id, partner_id] = ids;
    let KeyInputs {
        date,
        date_error,
        amount,
        amount_error,
        partner,
    } = keys;
    view! {
        <div class="kura-attachment-keys">
            <FormField label=Signal::derive(move || t().att_key_date.to_string()) id=date_id error=date_error>
                <DateInput id=date_id value=date error=date_error />
            </FormField>
            <FormField label=Signal::derive(move || t().att_key_amount.to_string()) id=amount_id
                error=amount_error_message(amount_error)>
                <AmountInput id=amount_id value=amount error=amount_error currency />
            </FormField>
            <FormField label=Signal::derive(move || t().att_key_partner.to_string()) id=partner_id>
                <input id=partner_id type="text" class="kura-input" autocomplete="off" bind:value=partner />
            </FormField>
        </div>
    }
}

/// Edits a kept file's keys: a new version of its record (the earlier values
/// stay in its history).
#[component]
fn KeysEditor(
    attachment: Attachment,
    entry: Option<EntryKeys>,
    editing: RwSignal<Option<RecordId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = use_open_book();
    let t = move || i18n.t();
    let inputs = KeyInputs::new(
        attachment.date.or(entry.as_ref().map(|e| e.date)),
        attachment.amount.or(entry.as_ref().map(|e| e.total)),
        attachment
            .partner
            .clone()
            .or(entry.as_ref().and_then(|e| e.partner.clone()))
            .unwrap_or_default(),
    );
    let (id, name) = (attachment.id, attachment.file_name.clone());
    let save = move |_| {
        let Some(keys) = inputs.typed(entry.as_ref()) else {
            return;
        };
        let name = name.clone();
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            let t = crate::i18n::messages(locale);
            let make = |book: &Book, ctx| set_evidence_keys(book, id, keys, ctx);
            match open.write(make).await {
                Ok(()) => {
                    editing.set(None);
                    toasts.success((t.att_keys_saved)(&name));
                }
                Err(WriteError::Invalid(e)) => toasts.error(attachment_error(&e, locale)),
                Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
            }
        });
    };
    view! {
        <div class="kura-attachment__editor" data-testid="evidence-keys-editor">
            <KeysFields ids=["evidence-date", "evidence-amount", "evidence-partner"] keys=inputs />
            <div class="kura-row-actions">
                <button type="button" class="kura-button kura-button--primary" data-testid="save-evidence-keys"
                    on:click=save>
                    {move || t().att_save_keys}
                </button>
                <button type="button" class="kura-button" on:click=move |_| editing.set(None)>
                    {move || t().att_cancel}
                </button>
            </div>
        </div>
    }
}

/// The most characters of a text file shown on the page: enough for any
/// receipt or e-invoice, few enough that a 20 MB log does not stall the page.
const TEXT_PREVIEW_CHARS: usize = 20_000;

/// A text kind's content as plain, escaped text, read when asked for.
#[component]
fn TextPreview(id: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    // `None`: hidden; `Some((text, cut))`: shown, `cut` when only its start is.
    let text = RwSignal::new(None::<(String, bool)>);
    let toggle = move |_| {
        if text.with_untracked(Option::is_some) {
            text.set(None);
            return;
        }
        spawn_local(async move {
            let blob = match open.read_attachment(id).await {
                Ok(Some(blob)) => blob,
                _ => return,
            };
            let Some(bytes) = platform::blob_bytes(&blob).await else {
                return;
            };
            let decoded = decode_text(&bytes).unwrap_or_default();
            let cut = decoded.chars().count() > TEXT_PREVIEW_CHARS;
            let shown: String = decoded.chars().take(TEXT_PREVIEW_CHARS).collect();
            let _ = text.try_set(Some((shown, cut)));
        });
    };
    view! {
        <button type="button" class="kura-button" data-testid="attachment-show-text"
            aria-expanded=move || if text.with(Option::is_some) { "true" } else { "false" } on:click=toggle>
            {move || if text.with(Option::is_some) { t().att_hide_text } else { t().att_show_text }}
        </button>
        {move || text.get().map(|(text, cut)| view! {
            <pre class="kura-attachment__text" data-testid="attachment-text" tabindex="0">{text}</pre>
            {cut.then(|| view! { <p class="kura-muted">{(t().att_text_cut)(TEXT_PREVIEW_CHARS)}</p> })}
        })}
    }
}

/// Removes a kept file: a draft's is deleted, a posted entry's is marked removed.
/// Within the retention period of a posted entry's papers (`kept_until`) it
/// first says how long the law keeps them and asks for a typed word: the file
/// stays in the entry's history, but taking evidence off should never be one
/// slip of the mouse.
#[component]
fn RemoveButton(
    id: RecordId,
    entry: RecordId,
    name: String,
    posted: Memo<Option<bool>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = use_open_book();
    let label = {
        let name = name.clone();
        move || (i18n.t().att_remove_named)(&name)
    };
    let remove = {
        let name = name.clone();
        move || {
            let name = name.clone();
            let was_posted = posted.get_untracked() == Some(true);
            spawn_local(async move {
                let locale = i18n.locale.get_untracked();
                let t = crate::i18n::messages(locale);
                let make = |book: &Book, ctx| remove_attachment(book, id, ctx);
                match open.write_with_attachments(make, &[]).await {
                    Ok(()) if was_posted => toasts.success((t.att_removed)(&name)),
                    Ok(()) => toasts.success((t.att_deleted)(&name)),
                    Err(WriteError::Invalid(e)) => toasts.error(attachment_error(&e, locale)),
                    Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
                }
            });
        }
    };
    // (the entry's date, the last day its papers are kept) while that is ahead.
    let retained = move || {
        if posted.get_untracked() != Some(true) {
            return None;
        }
        open.book.with_untracked(|b| {
            let date = b.entry(entry)?.date();
            let until = kept_until(b, date);
            (platform::today() <= until).then_some((date, until))
        })
    };
    let confirming = RwSignal::new(None::<(NaiveDate, NaiveDate)>);
    let on_click = {
        let remove = remove.clone();
        move |_| match retained() {
            Some(dates) => confirming.set(Some(dates)),
            None => remove(),
        }
    };
    let dialog = move || {
        let (date, until) = confirming.get()?;
        let open_dialog = RwSignal::new(true);
        Effect::new(move || {
            if !open_dialog.get() {
                confirming.set(None);
            }
        });
        let typed = RwSignal::new(String::new());
        let matches = move || typed.with(|t| t.trim() == i18n.t().att_keep_word);
        let remove = remove.clone();
        let confirm = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if matches() {
                open_dialog.set(false);
                remove();
            }
        };
        let name = name.clone();
        let warning = move || {
            let locale = i18n.locale();
            (i18n.t().att_keep_warning)(
                &name,
                &format_date(date, locale),
                &format_date(until, locale),
            )
        };
        Some(view! {
            <Dialog open=open_dialog title=Signal::derive(move || i18n.t().att_keep_title.to_string()) test_id="keep-dialog">
                <form class="kura-form" on:submit=confirm novalidate>
                    <p data-testid="keep-warning">{warning}</p>
                    <FormField label=Signal::derive(move || i18n.t().att_keep_type.to_string()) id="keep-confirm">
                        <input id="keep-confirm" type="text" data-testid="keep-confirm" autocomplete="off" bind:value=typed />
                    </FormField>
                    <DialogActions open=open_dialog label=Signal::derive(move || i18n.t().att_remove) test_id="confirm-remove" danger=true disabled=Signal::derive(move || !matches()) />
                </form>
            </Dialog>
        })
    };
    view! {
        <button type="button" class="kura-button" data-testid="remove-attachment"
            aria-label=label on:click=on_click>
            {move || i18n.t().att_remove}
        </button>
        {dialog}
    }
}

/// Where files are dropped or chosen, or, on a phone or tablet, a receipt
/// photographed (the camera button opens the camera where the device has one;
/// "Choose a file" still offers the photos already taken). Each file is
/// attached on its own; the ones refused are listed with the reason.
#[component]
fn DropZone(entry: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = use_open_book();
    let t = move || i18n.t();
    let input = NodeRef::<Input>::new();
    let camera = NodeRef::<Input>::new();
    let over = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<String>::new());
    // The new files' keys, filled in from the entry (again whenever it changes).
    let keys_of_entry = Memo::new(move |_| open.book.with(|b| entry_keys(b, entry)));
    let inputs = KeyInputs::new(None, None, String::new());
    Effect::new(move || inputs.show(keys_of_entry.get()));
    let attach = move |files: Vec<File>| {
        // A field with a half-typed value shows its error; nothing is attached
        // with a key the user did not mean.
        if files.is_empty() {
            return;
        }
        let Some(keys) = inputs.typed(keys_of_entry.get_untracked().as_ref()) else {
            return;
        };
        busy.set(true);
        errors.set(Vec::new());
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            let t = crate::i18n::messages(locale);
            for file in files {
                let name = file.name();
                match attach_one(open, entry, file, keys.clone(), locale).await {
                    Ok(()) => toasts.success((t.att_saved)(&name)),
                    Err(message) => errors.update(|e| e.push((t.att_file_error)(&name, &message))),
                }
            }
            busy.set(false);
            // Each file has keys of its own: the next one starts from the entry's.
            inputs.show(keys_of_entry.get_untracked());
        });
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        over.set(false);
        let files = ev.data_transfer().and_then(|d| d.files());
        attach(files.as_ref().map(files_of).unwrap_or_default());
    };
    let on_change = move |ev: leptos::ev::Event| {
        let target: HtmlInputElement = event_target(&ev);
        let files = target.files().as_ref().map(files_of).unwrap_or_default();
        // Cleared, so choosing the same file again is a change too.
        target.set_value("");
        attach(files);
    };
    let open_picker = move |picker: NodeRef<Input>| {
        if let Some(input) = picker.get() {
            input.click();
        }
    };
    // Types and extensions: an `.eml` or `.csv` has no type some systems know.
    let accept = MediaType::ALL
        .iter()
        .flat_map(|m| std::iter::once(m.mime()).chain(m.extensions().iter().copied()))
        .collect::<Vec<_>>()
        .join(",");
    let accepted = move || {
        (t().att_accepted)(
            &accepted_file_types(i18n.locale()),
            &format_bytes(MAX_ATTACHMENT_BYTES),
        )
    };
    let class = move || {
        if over.get() {
            "kura-dropzone kura-dropzone--over"
        } else {
            "kura-dropzone"
        }
    };
    view! {
        <div class=class data-testid="attachment-drop"
            on:dragenter=move |ev: DragEvent| { ev.prevent_default(); over.set(true); }
            on:dragover=move |ev: DragEvent| ev.prevent_default()
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop>
            <details class="kura-dropzone__keys" data-testid="attachment-keys">
                <summary>{move || t().att_keys_heading}</summary>
                <p class="kura-muted kura-dropzone__hint">{move || t().att_keys_hint}</p>
                <KeysFields ids=["attach-date", "attach-amount", "attach-partner"] keys=inputs />
            </details>
            <p class="kura-dropzone__text">{move || t().att_drop}</p>
            <div class="kura-dropzone__buttons">
                <button type="button" class="kura-button kura-dropzone__camera" data-testid="attachment-camera"
                    disabled=move || busy.get() on:click=move |_| open_picker(camera)>
                    {move || t().att_camera}
                </button>
                <button type="button" class="kura-button" data-testid="attachment-choose" disabled=move || busy.get()
                    on:click=move |_| open_picker(input)>
                    {move || t().att_choose}
                </button>
            </div>
            <input type="file" class="kura-visually-hidden" tabindex="-1" multiple accept=accept.clone() node_ref=input
                aria-label=move || t().att_input_label data-testid="attachment-input" on:change=on_change />
            <input type="file" class="kura-visually-hidden" tabindex="-1" accept="image/jpeg,image/png,image/webp"
                capture="environment" node_ref=camera aria-label=move || t().att_camera
                data-testid="attachment-camera-input" on:change=on_change />
            <p class="kura-muted kura-dropzone__hint">{accepted}</p>
            <p class="kura-muted" role="status" hidden=move || !busy.get()>{move || t().att_saving}</p>
            <ul class="kura-error kura-dropzone__errors" role="alert" data-testid="attachment-error"
                hidden=move || errors.with(Vec::is_empty)>
                {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
        </div>
    }
}

/// The paperclip and count the journal list shows beside an entry with evidence.
pub fn attachment_mark(count: usize) -> impl IntoView {
    let i18n = use_i18n();
    (count > 0).then(|| {
        view! {
            " "
            <span class="kura-clip" data-testid="attachment-count">
                <svg class="kura-clip__icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                    <path d="M10.5 4.5V11a2.5 2.5 0 0 1-5 0V3.5a1.75 1.75 0 0 1 3.5 0v7a.75.75 0 0 1-1.5 0V5"
                        fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" />
                </svg>
                <span aria-hidden="true">{count}</span>
                <span class="kura-visually-hidden">{move || (i18n.t().att_count)(count)}</span>
            </span>
        }
    })
}

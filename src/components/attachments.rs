//! The evidence (証憑) of a journal entry: a drop zone with a "choose a file"
//! button, the attached files as thumbnails (pictures) or links (PDFs) that open
//! them, removal, and what was removed from a posted entry (still kept).
//!
//! The core decides what may be attached or removed; each file is one write
//! (`OpenBook::write_with_attachments`) that stores the record and the bytes in
//! one transaction, and the list shows a file once that write has committed.
//! Pictures are shown through object URLs (the CSP allows `img-src blob:`),
//! revoked when the list goes away.

use std::collections::HashMap;

use kura_core::book::{
    attach_file, check_attachment_size, remove_attachment, Attachment, Book, MediaType, RecordKey,
    RecordKind, MAX_ATTACHMENT_BYTES,
};
use kura_core::ids::RecordId;
use kura_core::locale::{format_bytes, format_datetime, Locale};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{DragEvent, File, FileList, HtmlInputElement, Url};

use crate::app::{use_open_book, OpenBook, WriteError};
use crate::components::use_toasts;
use crate::i18n::{accepted_file_types, attachment_error, store_error, use_i18n};
use crate::platform;
use crate::storage::AttachmentBytes;

/// One attachment as the list shows it: the record and when it was added and,
/// if removed, when.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    attachment: Attachment,
    added_ms: u64,
    removed_ms: Option<u64>,
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
    locale: Locale,
) -> Result<(), String> {
    let t = crate::i18n::messages(locale);
    check_attachment_size(file.size() as u64).map_err(|e| attachment_error(&e, locale))?;
    let bytes = platform::blob_bytes(&file)
        .await
        .ok_or_else(|| t.att_read_failed.to_string())?;
    let (id, name) = (platform::new_id(), file.name());
    let files = [AttachmentBytes { id, bytes: &bytes }];
    let make = |book: &Book, ctx| attach_file(book, entry, id, &name, &bytes, ctx);
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
    load_bytes(open, items, bytes);
    on_cleanup(move || bytes.with_untracked(|m| m.values().for_each(revoke)));

    let kept = move || items.get().into_iter().filter(|s| !s.attachment.removed);
    let removed = move || items.get().into_iter().filter(|s| s.attachment.removed);
    let list = move || {
        let shown: Vec<_> = kept().map(|s| item(s, bytes, posted)).collect();
        if shown.is_empty() {
            view! { <p class="kura-muted" data-testid="attachments-empty">{t().att_none}</p> }
                .into_any()
        } else {
            view! { <ul class="kura-attachments__list" data-testid="attachments">{shown}</ul> }
                .into_any()
        }
    };
    let removed_list = move || {
        let shown: Vec<_> = removed().map(|s| item(s, bytes, posted)).collect();
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

/// One file: a thumbnail or a PDF mark and its name (a link that opens it), its
/// type, size and dates, and the remove button while it is kept.
fn item(
    shown: Shown,
    bytes: RwSignal<HashMap<RecordId, Bytes>>,
    posted: Memo<Option<bool>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let Shown {
        attachment,
        added_ms,
        removed_ms,
    } = shown;
    let id = attachment.id;
    let url = move || {
        bytes.with(|m| match m.get(&id) {
            Some(Bytes::Url(url)) => Some(url.clone()),
            _ => None,
        })
    };
    let missing = move || bytes.with(|m| m.get(&id) == Some(&Bytes::Missing));
    let preview = if attachment.media_type.is_image() {
        view! { <img class="kura-attachment__thumb" src=url alt="" data-testid="attachment-thumb" /> }.into_any()
    } else {
        view! { <span class="kura-attachment__pdf" aria-hidden="true">{MediaType::Pdf.label()}</span> }.into_any()
    };
    let kind = format!(
        "{} · {}",
        attachment.media_type.label(),
        format_bytes(attachment.size)
    );
    let added = move || (t().att_added_at)(&local_time(added_ms, i18n.locale()));
    let removed = move || removed_ms.map(|ms| (t().att_removed_at)(&local_time(ms, i18n.locale())));
    let name = attachment.file_name.clone();
    let download = name.clone();
    let remove =
        (removed_ms.is_none()).then(|| view! { <RemoveButton id name=name.clone() posted /> });
    let test_id = if removed_ms.is_some() {
        "removed-attachment"
    } else {
        "attachment"
    };
    view! {
        <li class="kura-attachment" data-testid=test_id>
            <a class="kura-attachment__open" href=url target="_blank" rel="noopener" data-testid="attachment-open">
                {preview}
                <span class="kura-attachment__name" data-testid="attachment-name">{name}</span>
            </a>
            <span class="kura-attachment__facts kura-muted">{kind}</span>
            <span class="kura-attachment__facts kura-muted">{added}</span>
            {move || removed().map(|at| view! { <span class="kura-attachment__facts kura-muted">{at}</span> })}
            {move || missing().then(|| view! { <span class="kura-error">{t().att_missing}</span> })}
            <div class="kura-attachment__actions">
                <a href=url download=download data-testid="attachment-download">{move || t().att_download}</a>
                {remove}
            </div>
        </li>
    }
}

/// Removes a kept file: a draft's is deleted, a posted entry's is marked removed.
#[component]
fn RemoveButton(id: RecordId, name: String, posted: Memo<Option<bool>>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = use_open_book();
    let label = {
        let name = name.clone();
        move || (i18n.t().att_remove_named)(&name)
    };
    let remove = move |_| {
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
    };
    view! {
        <button type="button" class="kura-button" data-testid="remove-attachment"
            aria-label=label on:click=remove>
            {move || i18n.t().att_remove}
        </button>
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
    let attach = move |files: Vec<File>| {
        if files.is_empty() {
            return;
        }
        busy.set(true);
        errors.set(Vec::new());
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            let t = crate::i18n::messages(locale);
            for file in files {
                let name = file.name();
                match attach_one(open, entry, file, locale).await {
                    Ok(()) => toasts.success((t.att_saved)(&name)),
                    Err(message) => errors.update(|e| e.push((t.att_file_error)(&name, &message))),
                }
            }
            busy.set(false);
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
    let accept = MediaType::ALL.map(MediaType::mime).join(",");
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

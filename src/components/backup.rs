//! Backups: backing the book up (optionally encrypted) and when it was last
//! done (the Data page's card), the reminder on the dashboard, the folder
//! automatic backups go to, and, for the book list, restoring a backup.
//! Backups are written part by part into a Blob (or the chosen folder) and
//! restored from the chosen file part by part: never whole in wasm memory.
//!
//! When and how often to back up is device-local (a backup is a file this
//! browser saved), so it lives in localStorage per book, not in the book.

use kura_core::files::backup::{BookFileError, BookFileHeader, FileKind};
use kura_core::ids::RecordId;
use kura_core::locale::{format_date, format_datetime, Locale};
use kura_core::store::StoreError;
use kura_core::sync::ChainReport;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::app::library::{restore_backup, BackupError, RestoreError};
use crate::app::{
    claim_series_after_restore, claim_series_before_sending, open_book_file, use_open_book,
    NewFileKey, OpenBook,
};
use crate::components::{use_toasts, FormField, HistoryCheck, LastCheck, Toasts};
use crate::i18n::{book_file_error, store_error, use_i18n, I18n};
use crate::platform::{self, call_method, FileSink, Persistence, Reduced};
use crate::routes::BookScreen;

/// The media type of a book file, as it is downloaded.
const BOOK_FILE_MIME: &str = "application/octet-stream";

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// This device's backups of one book, and when to remind.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupState {
    /// When the last backup was saved (ms since the epoch).
    last_ms: Option<u64>,
    /// When this device first looked: the days of a book never backed up
    /// count from then.
    since_ms: Option<u64>,
    /// The book's change-set count then.
    last_count: usize,
    /// The user's choice; `None`: the default for the browser's storage
    /// ([`BackupState::remind_days`]).
    remind_days: Option<u32>,
    remind_changes: usize,
}

/// How likely the browser is to lose Kura's data on its own: it sets the
/// backup reminder's default (the user may choose other days).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StorageRisk {
    /// Persistent storage: only a lost or broken device (or the user clearing
    /// site data) loses it. A reminder every 30 days.
    Persistent,
    /// The browser may clear the data to free space, or does not say: a
    /// reminder every week, so an eviction costs at most a week of work.
    AtRisk,
    /// Safari and other WebKit browsers, Kura not installed: the data goes
    /// after seven days without a visit, so the reminder comes every 3 days
    /// (a backup is then at most 3 days old when the week runs out).
    Unvisited,
}

impl StorageRisk {
    /// The risk in this browser (`persistence`: `None` while it has not answered).
    fn here(persistence: Option<Persistence>) -> StorageRisk {
        if platform::evicts_unvisited_sites() {
            return StorageRisk::Unvisited;
        }
        match persistence {
            Some(Persistence::Granted) => StorageRisk::Persistent,
            _ => StorageRisk::AtRisk,
        }
    }

    fn remind_days(self) -> u32 {
        match self {
            StorageRisk::Persistent => 30,
            StorageRisk::AtRisk => 7,
            StorageRisk::Unvisited => 3,
        }
    }
}

impl Default for BackupState {
    fn default() -> Self {
        BackupState {
            last_ms: None,
            since_ms: None,
            last_count: 0,
            remind_days: None,
            remind_changes: 500,
        }
    }
}

impl BackupState {
    fn key(book_id: RecordId) -> String {
        format!("kura.backup.{book_id}")
    }

    fn load(book_id: RecordId) -> BackupState {
        let mut state: BackupState = platform::local_value(&Self::key(book_id))
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        if state.since_ms.is_none() {
            state.since_ms = Some(platform::now_ms());
            state.save(book_id);
        }
        state
    }

    fn save(&self, book_id: RecordId) {
        if let Ok(text) = serde_json::to_string(self) {
            platform::set_local_value(&Self::key(book_id), &text);
        }
    }

    fn changes_since(&self, count: usize) -> usize {
        count.saturating_sub(self.last_count)
    }

    /// Days between reminders: the user's choice, or the default that matches
    /// the risk (`persistence`, `None` while the browser has not answered).
    fn remind_days(&self, persistence: Option<Persistence>) -> u32 {
        self.remind_days
            .unwrap_or_else(|| StorageRisk::here(persistence).remind_days())
    }

    /// Due [`BackupState::remind_days`] after the last backup (or, if none,
    /// after this device first saw the book), or after `remind_changes` changes.
    fn is_due(&self, count: usize, now_ms: u64, persistence: Option<Persistence>) -> bool {
        let by_changes = self.changes_since(count) >= self.remind_changes.max(1);
        let since = self.last_ms.or(self.since_ms).unwrap_or(now_ms);
        let days = self.remind_days(persistence) as u64;
        by_changes || now_ms.saturating_sub(since) >= days * DAY_MS
    }
}

fn local_datetime(ms: u64, locale: Locale) -> String {
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .map(|at| format_datetime(at.with_timezone(&chrono::Local).naive_local(), locale))
        .unwrap_or_default()
}

/// In Safari and other WebKit browsers, with Kura not installed: its data
/// goes after seven days without a visit; how to install Kura. Nothing
/// elsewhere. On the dashboard and the Data page.
#[component]
pub fn WebKitEviction() -> impl IntoView {
    let i18n = use_i18n();
    platform::evicts_unvisited_sites().then(|| {
        view! {
            <div class="kura-notice kura-notice--danger" role="note" data-testid="webkit-eviction">
                <p>{move || i18n.t().webkit_eviction}</p>
                <p class="kura-muted">{move || i18n.t().webkit_install_hint}</p>
            </div>
        }
    })
}

/// A long job's progress bar: (done, of).
#[component]
fn JobProgress(
    progress: RwSignal<Option<(usize, usize)>>,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    view! {
        <Show when=move || progress.get().is_some()>
            <div class="kura-backup__progress" role="status">
                <span>{move || label.get()}</span>
                <progress
                    data-testid="backup-progress"
                    max=move || progress.get().map_or(1, |(_, of)| of.max(1))
                    value=move || progress.get().map_or(0, |(done, _)| done)
                ></progress>
            </div>
        </Show>
    }
}

/// "Back up now", the last backup and the reminder's settings.
#[component]
pub fn BackupCard() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let toasts = use_toasts();
    let state = RwSignal::new(BackupState::load(open.id));
    let persistence = RwSignal::new(None::<Persistence>);
    spawn_local(async move { persistence.set(Some(platform::storage_persistence().await)) });
    let passphrase = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let t = move || i18n.t();
    let count = move || open.book.with(|b| b.change_set_count());
    let show_check = show_backup_check();

    let back_up = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(pass) = matching_passphrase(passphrase, again, error, i18n) else {
            return;
        };
        progress.set(Some((0, 1)));
        spawn_local(async move {
            match back_up_now(open, &pass, progress).await {
                Ok((saved, made)) => {
                    state.set(saved);
                    passphrase.set(String::new());
                    again.set(String::new());
                    tell_saved(toasts, i18n, &made, t().backup_saved.to_string());
                    show_check(&made);
                }
                Err(failure) => {
                    error.set(Some(backup_error(&failure, i18n.locale.get_untracked())))
                }
            }
            progress.set(None);
        });
    };
    let set_days = move |ev| {
        if let Ok(days) = event_target_value(&ev).parse::<u32>() {
            state.update(|s| s.remind_days = Some(days.max(1)));
            state.get_untracked().save(open.id);
        }
    };
    let set_changes = move |ev| {
        if let Ok(changes) = event_target_value(&ev).parse::<usize>() {
            state.update(|s| s.remind_changes = changes.max(1));
            state.get_untracked().save(open.id);
        }
    };
    let last = move || match state.get().last_ms {
        Some(ms) => local_datetime(ms, i18n.locale()),
        None => t().no_backup_yet.to_string(),
    };
    let busy = move || progress.get().is_some();

    view! {
        <section class="kura-card kura-backup" data-testid="backup-card">
            <h2>{move || t().backup_heading}</h2>
            <p class="kura-muted">{move || t().backup_intro}</p>
            <dl class="kura-facts">
                <dt>{move || t().last_backup}</dt>
                <dd data-testid="last-backup">{last}</dd>
                <dt>{move || t().backup_changes_since}</dt>
                <dd class="kura-num" data-testid="changes-since-backup">
                    {move || state.get().changes_since(count())}
                </dd>
            </dl>
            <Show when=move || state.get().is_due(count(), platform::now_ms(), persistence.get())>
                <p class="kura-backup__due" role="status" data-testid="backup-due">{move || t().backup_due}</p>
            </Show>
            <form class="kura-form kura-backup__form" on:submit=back_up novalidate>
                <NewPassphrase passphrase again error ids=("backup-passphrase", "backup-passphrase-again")
                    hint=Signal::derive(move || t().backup_passphrase_hint.to_string()) />
                <button type="submit" class="kura-button kura-button--primary" data-testid="backup-now"
                    disabled=busy>
                    {move || t().backup_now}
                </button>
            </form>
            <JobProgress progress label=Signal::derive(move || t().backup_writing.to_string()) />
            <h3>{move || t().backup_reminder_heading}</h3>
            <div class="kura-backup__reminder">
                <label>
                    <span>{move || t().backup_remind_days}</span>
                    <input type="number" min="1" class="kura-input--short" data-testid="remind-days"
                        prop:value=move || state.get().remind_days(persistence.get()).to_string() on:change=set_days />
                </label>
                <label>
                    <span>{move || t().backup_remind_changes}</span>
                    <input type="number" min="1" class="kura-input--short" data-testid="remind-changes"
                        prop:value=move || state.get().remind_changes.to_string() on:change=set_changes />
                </label>
            </div>
            <BackupFolderCard state />
        </section>
    }
}

/// The two fields of a new file's passphrase (optional), the second to confirm
/// it: the backup and the Sync page's export both ask with this. `ids`: the
/// two fields' ids (also their test ids).
#[component]
pub fn NewPassphrase(
    passphrase: RwSignal<String>,
    again: RwSignal<String>,
    error: RwSignal<Option<String>>,
    ids: (&'static str, &'static str),
    #[prop(into)] hint: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let (first, second) = ids;
    view! {
        <FormField
            label=Signal::derive(move || t().backup_passphrase.to_string())
            id=first
            hint=Signal::derive(move || Some(hint.get()))
        >
            <input id=first type="password" autocomplete="new-password"
                data-testid=first bind:value=passphrase />
        </FormField>
        <FormField
            label=Signal::derive(move || t().backup_passphrase_again.to_string())
            id=second
            error=error
        >
            <input id=second type="password" autocomplete="new-password"
                data-testid=second bind:value=again />
        </FormField>
    }
}

/// The passphrase of [`NewPassphrase`]'s fields when both say the same (empty:
/// none); else the fields show why, and `None`.
pub fn matching_passphrase(
    passphrase: RwSignal<String>,
    again: RwSignal<String>,
    error: RwSignal<Option<String>>,
    i18n: I18n,
) -> Option<String> {
    let (pass, pass_again) = (passphrase.get_untracked(), again.get_untracked());
    if pass != pass_again {
        error.set(Some(i18n.t().backup_passphrase_mismatch.into()));
        return None;
    }
    error.set(None);
    Some(pass)
}

/// A backup file made, and what to record of it.
pub struct Made {
    file_name: String,
    at_ms: u64,
    count: usize,
    /// Stored parts that could not be read and were left out.
    left_out: usize,
    /// The history chains of the sets the file holds.
    history: ChainReport,
}

/// Writes the whole book as a backup file into `sink`, part by part.
async fn make_backup(
    open: OpenBook,
    passphrase: &str,
    sink: &mut FileSink,
    progress: RwSignal<Option<(usize, usize)>>,
) -> Result<Made, BackupError> {
    // Let the progress bar appear before the key derivation.
    platform::next_tick().await;
    claim_series_before_sending(open).await?;
    let (book_id, book) = (open.id, open.book);
    let (name, count) = book.with_untracked(|b| {
        let name = b.settings().map(|s| s.name.clone()).unwrap_or_default();
        (name, b.change_set_count())
    });
    let at_ms = platform::now_ms();
    let header = BookFileHeader {
        kind: FileKind::Backup,
        book_id,
        book_name: name.clone(),
        device: open.device(),
        created_ms: at_ms,
        app_version: env!("CARGO_PKG_VERSION").into(),
        // A backup's is what its sets say: the writer computes it.
        seen: Vec::new(),
    };
    let key = NewFileKey::derive(passphrase).await;
    let on_step = move |done, of| progress.set(Some((done, of)));
    let encryption = key.as_ref().map(NewFileKey::encryption);
    let report = open
        .write_backup(&header, encryption, sink, &on_step)
        .await?;
    Ok(Made {
        file_name: backup_file_name(&name),
        at_ms,
        count,
        left_out: report.left_out,
        history: report.history,
    })
}

/// `<book name>-<date>.kura`, with characters file systems refuse replaced.
fn backup_file_name(book_name: &str) -> String {
    let date = chrono::Local::now().date_naive().format("%Y-%m-%d");
    platform::safe_file_name(&format!("{book_name}-{date}.kura"))
}

/// "Saved", and, when stored parts had to be left out, how many; when the
/// history check of the file found problems, how many (the Data page shows
/// them).
fn tell_saved(toasts: Toasts, i18n: I18n, made: &Made, saved: String) {
    let problems = made.history.problem_count();
    match made.left_out {
        0 if problems == 0 => toasts.success(saved),
        0 => {}
        n => toasts.error((i18n.t().backup_left_out)(n)),
    }
    if problems > 0 {
        toasts.error((i18n.t().hist_backup_warning)(problems));
    }
}

/// Shows the history check of a backup just written on the Data page's card
/// (elsewhere, the toast of [`tell_saved`] is all).
fn show_backup_check() -> impl Fn(&Made) + Copy {
    let last = use_context::<LastCheck>();
    move |made: &Made| {
        if let Some(LastCheck(last)) = last {
            last.set(Some(Ok(HistoryCheck {
                report: made.history.clone(),
                unreadable: made.left_out,
                of_backup: true,
            })));
        }
    }
}

/// What a failed backup tells the user.
pub fn backup_error(error: &BackupError, locale: Locale) -> String {
    match error {
        BackupError::Store(e) => store_error(e, locale),
        BackupError::File(e) => book_file_error(e, locale),
    }
}

/// Records on this device that a backup was saved.
fn record_backup(book_id: RecordId, made: &Made) -> BackupState {
    let mut state = BackupState::load(book_id);
    state.last_ms = Some(made.at_ms);
    state.last_count = made.count;
    state.save(book_id);
    state
}

/// Backs the book up now (encrypted under `passphrase` unless it is empty):
/// the file goes to the browser's downloads and is recorded on this device.
/// The Data page's, the dashboard's and the rescue page's "back up now".
pub async fn back_up_now(
    open: OpenBook,
    passphrase: &str,
    progress: RwSignal<Option<(usize, usize)>>,
) -> Result<(BackupState, Made), BackupError> {
    let mut sink = FileSink::blob();
    let made = make_backup(open, passphrase, &mut sink, progress).await?;
    let blob = sink
        .close(BOOK_FILE_MIME)
        .await
        .ok()
        .flatten()
        .ok_or_else(|| BackupError::Store(StoreError::Backend("the file was not made".into())))?;
    platform::download_blob(&made.file_name, &blob);
    Ok((record_backup(open.id, &made), made))
}

/// The dashboard's backup facts: the facts it is given (`children`, terms and
/// descriptions), how old the last backup is, a reminder while one is due (by
/// the default that matches `persistence`, see [`StorageRisk`]), and
/// the backup one click away. Due on opening the book, with a folder Kura may
/// write to, it backs up there.
#[component]
pub fn BackupReminder(
    persistence: Signal<Option<Persistence>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let toasts = use_toasts();
    let state = RwSignal::new(BackupState::load(open.id));
    let progress = RwSignal::new(None::<(usize, usize)>);
    let now = platform::now_ms();
    let due = move || {
        let state = state.get();
        open.book
            .with(|b| state.is_due(b.change_set_count(), now, persistence.get()))
    };
    let count = open.book.with_untracked(|b| b.change_set_count());
    if state
        .get_untracked()
        .is_due(count, now, persistence.get_untracked())
    {
        spawn_local(async move {
            let written = back_up_to_folder(open, false, progress).await;
            if let Ok(Some((name, saved, made))) = written {
                state.set(saved);
                tell_saved(toasts, i18n, &made, (i18n.t().backup_folder_saved)(&name));
            }
        });
    }
    let back_up = move |_| {
        progress.set(Some((0, 1)));
        spawn_local(async move {
            match back_up_now(open, "", progress).await {
                Ok((saved, made)) => {
                    state.set(saved);
                    tell_saved(toasts, i18n, &made, i18n.t().backup_saved.to_string());
                }
                Err(failure) => toasts.error(backup_error(&failure, i18n.locale.get_untracked())),
            }
            progress.set(None);
        });
    };
    let age = move || {
        let locale = i18n.locale();
        match state.get().last_ms {
            Some(ms) => format!(
                "{} ({})",
                (i18n.t().backup_age)(now.saturating_sub(ms) / DAY_MS),
                local_datetime(ms, locale)
            ),
            None => i18n.t().no_backup_yet.to_string(),
        }
    };
    view! {
        <dl class="kura-facts">
            {children()}
            <dt>{move || i18n.t().last_backup}</dt>
            <dd data-testid="dashboard-backup-age">{age}</dd>
        </dl>
        <Show when=due>
            <p class="kura-backup__due" role="status" data-testid="backup-reminder">
                {move || i18n.t().backup_due}
            </p>
        </Show>
        <p class="kura-dashboard__actions kura-no-print">
            <button type="button" class="kura-button kura-button--primary" data-testid="dashboard-backup-now"
                on:click=back_up disabled=move || progress.get().is_some()>
                {move || i18n.t().backup_now}
            </button>
            <a href=BookScreen::Data.path(open.id) data-testid="dashboard-backup-settings">
                {move || i18n.t().backup_settings_link}
            </a>
        </p>
    }
}

/// What the chosen file says about itself, before it is restored.
#[derive(Clone)]
struct Chosen {
    file: web_sys::File,
    header: BookFileHeader,
    encrypted: bool,
    changes: u64,
    attachments: u64,
}

/// The book list's "Restore from a backup": choose a file, see what it holds,
/// give its passphrase if it has one, restore, and open the restored book.
#[component]
pub fn RestoreBackup() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let file_input = NodeRef::<Input>::new();
    // A `File` lives in this thread only.
    let chosen = RwSignal::new_local(None::<Chosen>);
    let passphrase = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let t = move || i18n.t();

    let on_choose = move |_| {
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        let Some(file) = platform::chosen_file(&input) else {
            return;
        };
        // Cleared, so choosing the same file again (after fixing it) is noticed.
        input.set_value("");
        chosen.set(None);
        error.set(None);
        spawn_local(async move {
            match describe(file).await {
                Ok(file) => chosen.set(Some(file)),
                Err(e) => error.set(Some(book_file_error(&e, i18n.locale.get_untracked()))),
            }
        });
    };
    let restore = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(file) = chosen.get_untracked() else {
            return;
        };
        let pass = Some(passphrase.get_untracked()).filter(|p| !p.is_empty());
        let navigate = navigate.clone();
        error.set(None);
        progress.set(Some((0, 1)));
        spawn_local(async move {
            platform::next_tick().await;
            let on_step = move |done, of| progress.set(Some((done, of)));
            let result = restore_backup(&file.file, pass.as_deref(), &on_step).await;
            progress.set(None);
            match result {
                Ok(restored) => {
                    toasts.success(t().restore_done);
                    // This browser takes the series the backup reserved for it.
                    match claim_series_after_restore(restored.book_id, file.header.device).await {
                        Ok(Some(next)) => toasts.success((t().series_after_restore)(&next)),
                        Ok(None) => {}
                        Err(e) => toasts.error(store_error(&e, i18n.locale.get_untracked())),
                    }
                    navigate(&BookScreen::Home.path(restored.book_id), Default::default());
                }
                Err(e) => error.set(Some(restore_error(&e, i18n))),
            }
        });
    };
    let summary = move || {
        chosen.get().map(|c| {
            let date = chrono::DateTime::from_timestamp_millis(c.header.created_ms as i64)
                .map(|at| format_date(at.with_timezone(&chrono::Local).date_naive(), i18n.locale()))
                .unwrap_or_default();
            (t().restore_summary)(&c.header.book_name, &date, c.changes, c.attachments)
        })
    };
    let encrypted = move || chosen.get().is_some_and(|c| c.encrypted);
    let busy = move || progress.get().is_some();

    view! {
        <section class="kura-card kura-backup" data-testid="restore-card">
            <h2>{move || t().restore_heading}</h2>
            <label class="kura-field">
                <span>{move || t().restore_choose}</span>
                <input type="file" accept=".kura,application/zip,application/octet-stream"
                    data-testid="restore-file" node_ref=file_input on:change=on_choose />
            </label>
            <form class="kura-form" on:submit=restore novalidate>
                <Show when=move || chosen.get().is_some()>
                    <p class="kura-backup__summary" data-testid="restore-summary">{summary}</p>
                </Show>
                <Show when=encrypted>
                    <FormField label=Signal::derive(move || t().restore_passphrase.to_string()) id="restore-passphrase">
                        <input id="restore-passphrase" type="password" autocomplete="off"
                            data-testid="restore-passphrase" bind:value=passphrase />
                    </FormField>
                </Show>
                <Show when=move || error.get().is_some()>
                    <p class="kura-error" role="alert" data-testid="restore-error">{move || error.get()}</p>
                </Show>
                <Show when=move || chosen.get().is_some()>
                    <button type="submit" class="kura-button kura-button--primary" data-testid="restore-now"
                        disabled=busy>
                        {move || t().restore_button}
                    </button>
                </Show>
            </form>
            <JobProgress progress label=Signal::derive(move || t().restore_reading.to_string()) />
        </section>
    }
}

/// Reads the file's end, directory and manifest only (no passphrase needed):
/// what it holds, or why it cannot be restored (a file of changes among them).
async fn describe(file: web_sys::File) -> Result<Chosen, BookFileError> {
    let reader = open_book_file(&file).await?;
    reader.require_backup()?;
    let summary = reader.summary();
    Ok(Chosen {
        header: reader.header().clone(),
        encrypted: reader.is_encrypted(),
        changes: summary.change_sets,
        attachments: summary.attachments,
        file,
    })
}

fn restore_error(error: &RestoreError, i18n: I18n) -> String {
    let locale = i18n.locale.get_untracked();
    match error {
        RestoreError::File(e) => book_file_error(e, locale),
        RestoreError::AlreadyExists { name } => (i18n.t().restore_exists)(name),
        RestoreError::Store(StoreError::QuotaExceeded) => i18n.t().restore_storage_full.into(),
        RestoreError::Store(e) => store_error(e, locale),
    }
}

// ---- automatic backups to a folder (File System Access API) ----
//
// Only some browsers have `showDirectoryPicker` (Chromium on desktop); the
// option says so elsewhere (backups download). The chosen folder's handle is kept in the book's
// `meta` store (device-local); the browser may ask again for permission to
// write after a restart, which only a click can grant.

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

fn read_write() -> JsValue {
    object(&[("mode", JsValue::from_str("readwrite"))])
}

fn folder_name(handle: &JsValue) -> String {
    js_sys::Reflect::get(handle, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
}

/// Whether Kura may write to the folder; with `ask`, asks (needs a click).
async fn may_write(handle: &JsValue, ask: bool) -> bool {
    let method = if ask {
        "requestPermission"
    } else {
        "queryPermission"
    };
    call_method(handle, method, &[read_write()])
        .await
        .is_ok_and(|state| state.as_string().as_deref() == Some("granted"))
}

/// A file of the folder opened for writing: the browser writes to a temporary
/// file and replaces `file_name` only when it is closed.
async fn folder_file(handle: &JsValue, file_name: &str) -> Result<FileSink, JsValue> {
    let create = object(&[("create", JsValue::TRUE)]);
    let file = call_method(
        handle,
        "getFileHandle",
        &[JsValue::from_str(file_name), create],
    )
    .await?;
    let writable = call_method(&file, "createWritable", &[]).await?;
    Ok(FileSink::stream(writable))
}

/// Writes a plain backup into the chosen folder, if there is one and Kura may
/// write there (`ask`: from a click), part by part. Returns the folder's name
/// and what was recorded when written.
async fn back_up_to_folder(
    open: OpenBook,
    ask: bool,
    progress: RwSignal<Option<(usize, usize)>>,
) -> Result<Option<(String, BackupState, Made)>, ()> {
    let book_id = open.id;
    let Some(handle) = open.backup_folder().await.map_err(drop)? else {
        return Ok(None);
    };
    if !may_write(&handle, ask).await {
        return Err(());
    }
    let name = open
        .book
        .with_untracked(|b| b.settings().map(|s| s.name.clone()).unwrap_or_default());
    let mut sink = folder_file(&handle, &backup_file_name(&name))
        .await
        .map_err(drop)?;
    progress.set(Some((0, 1)));
    let made = make_backup(open, "", &mut sink, progress).await;
    progress.set(None);
    let Ok(made) = made else {
        sink.abort().await;
        return Err(());
    };
    sink.close(BOOK_FILE_MIME).await.map_err(drop)?;
    let state = record_backup(book_id, &made);
    Ok(Some((folder_name(&handle), state, made)))
}

/// The Data page's folder for automatic backups: choose, write now, stop.
#[component]
fn BackupFolderCard(state: RwSignal<BackupState>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let toasts = use_toasts();
    let t = move || i18n.t();
    let show_check = show_backup_check();
    // `Some(name)` once a folder is chosen.
    let folder = RwSignal::new(None::<String>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    spawn_local(async move {
        if let Ok(Some(handle)) = open.backup_folder().await {
            folder.set(Some(folder_name(&handle)));
        }
    });
    let choose = move |_| {
        spawn_local(async move {
            let Some(window) = web_sys::window() else {
                return;
            };
            let Ok(handle) = call_method(&window, "showDirectoryPicker", &[read_write()]).await
            else {
                return; // The user closed the picker.
            };
            match open.set_backup_folder(Some(&handle)).await {
                Ok(()) => folder.set(Some(folder_name(&handle))),
                Err(e) => toasts.error(store_error(&e, i18n.locale.get_untracked())),
            }
        });
    };
    let write_now = move |_| {
        spawn_local(async move {
            match back_up_to_folder(open, true, progress).await {
                Ok(Some((name, saved, made))) => {
                    state.set(saved);
                    tell_saved(toasts, i18n, &made, (t().backup_folder_saved)(&name));
                    show_check(&made);
                }
                Ok(None) => {}
                Err(()) => toasts.error(t().backup_folder_failed),
            }
        });
    };
    let forget = move |_| {
        spawn_local(async move {
            if open.set_backup_folder(None).await.is_ok() {
                folder.set(None);
            }
        });
    };
    view! {
        <Show when=|| !Reduced::BackupFolder.here() fallback=move || view! {
            <p class="kura-muted" data-testid="backup-folder-unavailable">
                {move || t().reduced_backup_folder}
            </p>
        }>
            <h3>{move || t().backup_folder_heading}</h3>
            <p class="kura-muted">{move || t().backup_folder_intro}</p>
            <Show when=move || folder.get().is_some()>
                <p data-testid="backup-folder">{move || (t().backup_folder_chosen)(&folder.get().unwrap_or_default())}</p>
            </Show>
            <div class="kura-row-actions">
                <button type="button" class="kura-button" data-testid="backup-folder-choose" on:click=choose>
                    {move || t().backup_folder_choose}
                </button>
                <Show when=move || folder.get().is_some()>
                    <button type="button" class="kura-button" on:click=write_now>
                        {move || t().backup_folder_write_now}
                    </button>
                    <button type="button" class="kura-button" on:click=forget>
                        {move || t().backup_folder_forget}
                    </button>
                </Show>
            </div>
            <JobProgress progress label=Signal::derive(move || t().backup_writing.to_string()) />
        </Show>
    }
}

//! The Data page's history check (履歴の検証): every stored change set checked
//! against its device's history chain (`kura_core::sync::chain`,
//! `docs/history-chain.md`), on demand, and after each backup with the sets
//! the backup holds. A problem names the set (when, which device) and the
//! records it holds; it never blocks anything, a backup least of all.

use kura_core::book::{Book, RecordKey};
use kura_core::ids::DeviceId;
use kura_core::locale::format_datetime;
use kura_core::sync::chain::{ChainProblem, SetRef};
use kura_core::sync::ChainReport;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::use_open_book;
use crate::components::{record_label, record_text};
use crate::i18n::{short_device, store_error, use_i18n, I18n, Messages};
use crate::platform;
use crate::platform::local_time;

/// A check's outcome: the chains, and how many stored parts could not be read
/// (set aside at the open too; their sets could not be checked).
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryCheck {
    pub report: ChainReport,
    pub unreadable: usize,
    /// Whether it is the check of a backup just written (else of the stored log).
    pub of_backup: bool,
}

/// The latest check shown on the Data page, which the backup there fills too.
#[derive(Clone, Copy)]
pub struct LastCheck(pub RwSignal<Option<Result<HistoryCheck, String>>>);

/// "Verify history", and the latest check's result.
#[component]
pub fn HistoryCard() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let LastCheck(last) = expect_context::<LastCheck>();
    let busy = RwSignal::new(false);
    let t = move || i18n.t();
    let verify = move |_| {
        busy.set(true);
        spawn_local(async move {
            // Let "checking…" paint before the hashing.
            platform::next_tick().await;
            let checked = open
                .verify_history()
                .await
                .map(|(report, unreadable)| HistoryCheck {
                    report,
                    unreadable,
                    of_backup: false,
                })
                .map_err(|e| store_error(&e, i18n.locale.get_untracked()));
            last.set(Some(checked));
            busy.set(false);
        });
    };
    view! {
        <section class="kura-card" data-testid="history-card">
            <h2>{move || t().hist_heading}</h2>
            <p class="kura-muted">{move || t().hist_intro}</p>
            <button type="button" class="kura-button" data-testid="history-verify"
                on:click=verify disabled=move || busy.get()>
                {move || if busy.get() { t().hist_checking } else { t().hist_verify }}
            </button>
            {move || last.get().map(|checked| match checked {
                Ok(check) => open
                    .book
                    .with_untracked(|book| check_view(&check, book, open.device(), i18n))
                    .into_any(),
                Err(error) => view! {
                    <p class="kura-notice kura-notice--danger" role="alert">{error}</p>
                }
                .into_any(),
            })}
        </section>
    }
}

/// A check as the card shows it: the verdict, each problem with its set and
/// records, and each device's chain.
fn check_view(
    check: &HistoryCheck,
    book: &Book,
    this_device: DeviceId,
    i18n: I18n,
) -> impl IntoView {
    let t = i18n.t();
    let report = &check.report;
    let verdict = match (report.is_intact(), check.of_backup) {
        (true, false) => t.hist_intact,
        (true, true) => t.hist_backup_intact,
        (false, false) => t.hist_broken,
        (false, true) => t.hist_backup_broken,
    };
    let class = if report.is_intact() {
        "kura-notice"
    } else {
        "kura-notice kura-notice--danger"
    };
    let problems = report
        .problems
        .iter()
        .map(|p| view! { <li data-testid="history-problem">{problem_text(p, book, i18n)}</li> })
        .collect_view();
    let devices = report
        .devices
        .iter()
        .map(|d| {
            let who = match d.device == this_device {
                true => format!("{} ({})", short_device(&d.device), t.hist_this_device),
                false => short_device(&d.device),
            };
            let head = d.head.map(|h| h.to_string()).unwrap_or_default();
            view! {
                <tr data-testid="history-device">
                    <td>{who}</td>
                    <td class="kura-table__cell--numeric">{d.linked}</td>
                    <td class="kura-table__cell--numeric">{d.unlinked}</td>
                    <td class="kura-code" title=head.clone()>{head.get(..16).unwrap_or_default().to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class=class aria-live="polite" data-testid="history-result"
            data-intact=report.is_intact().to_string()>
            <p>{verdict}</p>
            <p>{(t.hist_counts)(report.linked(), report.devices.len(), report.unlinked())}</p>
            {(!report.is_intact()).then(|| view! {
                <p>{(t.hist_problem_count)(report.problem_count())}</p>
                <ul>{problems}</ul>
                <p class="kura-muted">{t.hist_what_to_do}</p>
            })}
            {(check.unreadable > 0).then(|| view! { <p>{(t.hist_unreadable)(check.unreadable)}</p> })}
        </div>
        <div class="kura-table-wrap">
            <table class="kura-table" data-testid="history-devices">
                <thead>
                    <tr>
                        <th scope="col">{t.hist_col_device}</th>
                        <th scope="col" class="kura-table__header--numeric">{t.hist_col_linked}</th>
                        <th scope="col" class="kura-table__header--numeric">{t.hist_col_unlinked}</th>
                        <th scope="col">{t.hist_col_head}</th>
                    </tr>
                </thead>
                <tbody>{devices}</tbody>
            </table>
        </div>
        <p class="kura-muted">{t.hist_head_hint}</p>
    }
}

/// One problem in words: what broke, the set's time and device, its records.
fn problem_text(problem: &ChainProblem, book: &Book, i18n: I18n) -> String {
    let t = i18n.t();
    let what = match problem {
        ChainProblem::Altered { .. } => t.hist_altered.to_string(),
        ChainProblem::Broken { after: None, .. } => t.hist_broken_first.to_string(),
        ChainProblem::Broken {
            after: Some(after), ..
        } => (t.hist_broken_after)(&set_when(after, i18n)),
        ChainProblem::Unlinked { .. } => t.hist_unlinked.to_string(),
    };
    let set = problem.set();
    let mut records: Vec<String> = set
        .records
        .iter()
        .map(|k| record_name(k, book, t))
        .collect();
    if set.more_records > 0 {
        records.push((t.hist_more_records)(set.more_records));
    }
    format!(
        "{what} — {} · {} · {}",
        set_when(set, i18n),
        short_device(&set.stamp.device),
        records.join(", ")
    )
}

/// When a set was written, in the device's time zone.
fn set_when(set: &SetRef, i18n: I18n) -> String {
    format_datetime(local_time(set.stamp.wall_ms), i18n.locale.get_untracked())
}

/// A record as the book names it now (kind and name, number or description),
/// else its kind and the start of its id (a deleted record).
fn record_name(key: &RecordKey, book: &Book, t: &'static Messages) -> String {
    match book.record(key) {
        Some(record) => record_text(record, t),
        None => format!("{} {}", record_label(key.kind, t), &key.id.to_string()[..8]),
    }
}

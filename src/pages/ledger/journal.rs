//! `/books/<id>/journal…`: the journal (仕訳帳) with its search, closing the
//! period, a new entry, one entry with its history, and its correction.

mod entry_form;

use chrono::NaiveDate;
use kura_core::book::{reverse_entry, set_closed_through, Book, Record, RecordKey, RecordKind};
use kura_core::ids::RecordId;
use kura_core::ledger::{EntryStatus, JournalEntry};
use kura_core::locale::{format_date, format_money, Locale};
use kura_core::money::parse_amount;
use kura_core::reports::{entry_link, search_entries, EntryLink, EntrySearch, EvidenceSearch};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use rust_decimal::Decimal;

use crate::app::{use_open_book, OpenBook, WriteError};
use crate::components::{
    account_label, attachment_mark, use_toasts, version_list, Attachments, Column, DataTable,
    DateInput, Dialog, DialogActions, EvidenceResults, FormField,
};
use crate::i18n::{journal_error, store_error, use_i18n};
use crate::platform::{self, today};
use crate::routes::{self, BookScreen};
use entry_form::{EntryForm, FormMode};

/// One row of the journal list.
#[derive(Clone, Debug, PartialEq)]
struct EntryRow {
    id: RecordId,
    date: NaiveDate,
    description: String,
    partner: String,
    total: Decimal,
    status: EntryStatus,
    /// The posted entry this one undoes or replaces, if any.
    link: Option<EntryLink>,
    corrected: bool,
    attachments: usize,
}

/// The entries the search finds, newest first.
fn rows(book: &Book, search: &EntrySearch) -> Vec<EntryRow> {
    let corrected: std::collections::HashSet<RecordId> =
        book.entries().filter_map(|e| e.corrects()).collect();
    let attachments = book.kept_attachments_by_entry();
    search_entries(book, search)
        .into_iter()
        .rev()
        .filter_map(|id| book.entry(id))
        .map(|e| EntryRow {
            id: e.id(),
            date: e.date(),
            description: e.description().to_string(),
            partner: e.partner().unwrap_or_default().to_string(),
            total: e.total(),
            status: e.status(),
            link: entry_link(book, e),
            corrected: corrected.contains(&e.id()),
            attachments: attachments.get(&e.id()).map_or(0, Vec::len),
        })
        .collect()
}

#[component]
pub fn JournalPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let navigate = use_navigate();
    let criteria = RwSignal::new(EntrySearch::default());
    let include_removed = RwSignal::new(false);
    let tab = RwSignal::new(SearchTab::Entries);
    let list = Signal::derive(move || criteria.with(|c| open.book.with(|b| rows(b, c))));
    // The evidence search takes the three keys of the same bar (text and "with
    // attachments" are about entries).
    let evidence = Signal::derive(move || {
        criteria.with(|c| EvidenceSearch {
            from: c.from,
            to: c.to,
            min_amount: c.min_amount,
            max_amount: c.max_amount,
            partner: c.partner.clone(),
            include_removed: include_removed.get(),
        })
    });
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let t = move || i18n.t();
    let columns = vec![
        Column::text(
            move || t().entry_date.to_string(),
            move |r: &EntryRow| {
                let date = r.date;
                move || format_date(date, i18n.locale())
            },
        )
        .sortable_by_key(|r: &EntryRow| r.date),
        Column::text(
            move || t().entry_description.to_string(),
            move |r: &EntryRow| {
                let (link, corrected, attachments) = (r.link, r.corrected, r.attachments);
                let description = r.description.clone();
                view! {
                    <span>{description}</span>
                    {marker(link, corrected)}
                    {attachment_mark(attachments)}
                }
            },
        ),
        Column::text(
            move || t().entry_partner.to_string(),
            |r: &EntryRow| r.partner.clone(),
        )
        .sortable_by(|a: &EntryRow, b: &EntryRow| a.partner.cmp(&b.partner)),
        Column::numeric(
            move || t().entry_total.to_string(),
            move |r: &EntryRow| {
                let total = r.total;
                move || format_money(total, currency.get(), i18n.locale())
            },
        )
        .sortable_by_key(|r: &EntryRow| r.total),
        Column::text(
            move || t().entry_status.to_string(),
            |r: &EntryRow| status_badge(r.status),
        ),
    ];
    let activate = Callback::new(move |r: EntryRow| {
        navigate(
            &BookScreen::Entry(r.id).path(open.id),
            NavigateOptions::default(),
        );
    });
    view! {
        <div class="kura-page kura-page--wide">
            <div class="kura-page__head">
                <h1>{move || t().journal_title}</h1>
                <div class="kura-row-actions">
                    <a class="kura-button" href=BookScreen::QuickEntry.path(open.id) data-testid="quick-entry">
                        {move || t().quick_entry}
                    </a>
                    <a class="kura-button kura-button--primary" href=BookScreen::NewEntry.path(open.id)
                        data-testid="new-entry">
                        {move || t().new_entry}
                    </a>
                </div>
            </div>
            <SearchTabs tab />
            <SearchBar criteria tab include_removed />
            <div hidden=move || tab.get() != SearchTab::Entries>
                <DataTable
                    rows=list
                    columns
                    row_key=|r: &EntryRow| r.id.to_string()
                    row_test_id="entry-row"
                    on_activate=activate
                    label=Signal::derive(move || t().journal_title.to_string())
                />
            </div>
            {move || (tab.get() == SearchTab::Evidence).then(|| view! { <EvidenceResults query=evidence /> })}
            <ClosePanel open />
        </div>
    }
}

fn marker(link: Option<EntryLink>, corrected: bool) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let t = i18n.t();
        match (link, corrected) {
            (Some(EntryLink::Reversal { .. }), _) => Some(t.marker_reversal),
            (Some(EntryLink::Correction { .. }), _) => Some(t.marker_correction),
            (None, true) => Some(t.marker_corrected),
            (None, false) => None,
        }
    };
    move || {
        text().map(|text| {
            view! { " " <span class="kura-badge kura-badge--muted" data-testid="entry-marker">{text}</span> }
        })
    }
}

fn status_badge(status: EntryStatus) -> impl IntoView {
    let i18n = use_i18n();
    let (class, test_id) = match status {
        EntryStatus::Draft => ("kura-badge kura-badge--draft", "status-draft"),
        EntryStatus::Posted => ("kura-badge kura-badge--posted", "status-posted"),
    };
    view! {
        <span class=class data-testid=test_id>
            {move || match status {
                EntryStatus::Draft => i18n.t().status_draft,
                EntryStatus::Posted => i18n.t().status_posted,
            }}
        </span>
    }
}

/// What the search lists: entries, or the evidence files themselves (each by
/// its own date, amount and partner).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SearchTab {
    Entries,
    Evidence,
}

#[component]
fn SearchTabs(tab: RwSignal<SearchTab>) -> impl IntoView {
    let i18n = use_i18n();
    let button = move |which: SearchTab, test_id: &'static str| {
        let label = move || match which {
            SearchTab::Entries => i18n.t().search_tab_entries,
            SearchTab::Evidence => i18n.t().search_tab_evidence,
        };
        view! {
            <button type="button" role="tab" class="kura-report__tab" data-testid=test_id
                aria-selected=move || if tab.get() == which { "true" } else { "false" }
                on:click=move |_| tab.set(which)>
                {label}
            </button>
        }
    };
    view! {
        <div class="kura-report__tabs" role="tablist" aria-label=move || i18n.t().search_label>
            {button(SearchTab::Entries, "search-tab-entries")}
            {button(SearchTab::Evidence, "search-tab-evidence")}
        </div>
    }
}

/// The search above the list: date and amount ranges, partner and text, combined.
/// On the evidence tab, text and "with attachments" give way to including
/// removed evidence.
#[component]
fn SearchBar(
    criteria: RwSignal<EntrySearch>,
    tab: RwSignal<SearchTab>,
    include_removed: RwSignal<bool>,
) -> impl IntoView {
    let entries_only = move || tab.get() != SearchTab::Entries;
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let from = RwSignal::new(None::<NaiveDate>);
    let to = RwSignal::new(None::<NaiveDate>);
    let from_error = RwSignal::new(None::<String>);
    let to_error = RwSignal::new(None::<String>);
    let min = RwSignal::new(String::new());
    let max = RwSignal::new(String::new());
    let partner = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let with_attachments = RwSignal::new(false);
    Effect::new(move || {
        let currency = open.book.with_untracked(|b| b.currency());
        let amount = |s: String| parse_amount(&s, currency).ok();
        let words = |s: String| Some(s).filter(|s| !s.trim().is_empty());
        criteria.set(EntrySearch {
            from: from.get(),
            to: to.get(),
            min_amount: amount(min.get()),
            max_amount: amount(max.get()),
            partner: words(partner.get()),
            text: words(text.get()),
            with_attachments: with_attachments.get(),
        });
    });
    let clear = move |_| {
        from_error.set(None);
        to_error.set(None);
        from.set(None);
        to.set(None);
        min.set(String::new());
        max.set(String::new());
        partner.set(String::new());
        text.set(String::new());
        with_attachments.set(false);
        include_removed.set(false);
    };
    view! {
        <div class="kura-search" role="search" aria-label=move || t().search_label>
            <FormField label=Signal::derive(move || t().search_from.to_string()) id="search-from" error=from_error>
                <DateInput id="search-from" value=from error=from_error />
            </FormField>
            <FormField label=Signal::derive(move || t().search_to.to_string()) id="search-to" error=to_error>
                <DateInput id="search-to" value=to error=to_error />
            </FormField>
            <FormField label=Signal::derive(move || t().search_min.to_string()) id="search-min">
                <input id="search-min" type="text" inputmode="decimal" class="kura-input--amount" autocomplete="off"
                    bind:value=min />
            </FormField>
            <FormField label=Signal::derive(move || t().search_max.to_string()) id="search-max">
                <input id="search-max" type="text" inputmode="decimal" class="kura-input--amount" autocomplete="off"
                    bind:value=max />
            </FormField>
            <FormField label=Signal::derive(move || t().search_partner.to_string()) id="search-partner">
                <input id="search-partner" type="search" autocomplete="off" bind:value=partner />
            </FormField>
            <div class="kura-search__group" hidden=entries_only>
                <FormField label=Signal::derive(move || t().search_text.to_string()) id="search-text">
                    <input id="search-text" type="search" autocomplete="off" bind:value=text />
                </FormField>
                <label class="kura-check">
                    <input type="checkbox" data-testid="search-with-attachments" bind:checked=with_attachments />
                    {move || t().att_filter}
                </label>
            </div>
            <label class="kura-check" hidden=move || !entries_only()>
                <input type="checkbox" data-testid="search-include-removed" bind:checked=include_removed />
                {move || t().ev_include_removed}
            </label>
            <div class="kura-search__actions">
                <button type="button" class="kura-button" data-testid="search-clear" on:click=clear>
                    {move || t().search_clear}
                </button>
            </div>
        </div>
    }
}

/// Closing the books through a date, and reopening them.
#[component]
fn ClosePanel(open: OpenBook) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let t = move || i18n.t();
    let closed = Memo::new(move |_| open.book.with(Book::closed_through));
    let through = RwSignal::new(None::<NaiveDate>);
    let through_error = RwSignal::new(None::<String>);
    let write = move |date: Option<NaiveDate>| {
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            match open.write(|b, ctx| set_closed_through(b, date, ctx)).await {
                Ok(()) => toasts.success(
                    if date.is_some() {
                        i18n.t().books_closed
                    } else {
                        i18n.t().books_reopened
                    }
                    .to_string(),
                ),
                Err(WriteError::Invalid(e)) => toasts.error(journal_error(&e, locale)),
                Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
            }
        });
    };
    let shown = move || match closed.get() {
        Some(d) => format_date(d, i18n.locale()),
        None => t().not_closed.to_string(),
    };
    view! {
        <section class="kura-card kura-close" aria-labelledby="close-heading">
            <h2 id="close-heading">{move || t().close_heading}</h2>
            <p>
                {move || t().closed_through_label} ": "
                <strong data-testid="closed-through">{shown}</strong>
            </p>
            <div class="kura-close__row">
                <FormField label=Signal::derive(move || t().close_through.to_string()) id="close-through"
                    error=through_error>
                    <DateInput id="close-through" value=through error=through_error />
                </FormField>
                <button type="button" class="kura-button kura-button--primary" data-testid="close-books"
                    disabled=move || through.with(Option::is_none)
                    on:click=move |_| write(through.get_untracked())>
                    {move || t().close_books}
                </button>
                <button type="button" class="kura-button" data-testid="reopen-books"
                    disabled=move || closed.with(Option::is_none)
                    on:click=move |_| write(None)>
                    {move || t().reopen_books}
                </button>
            </div>
        </section>
    }
}

/// `/books/<id>/journal/new`.
#[component]
pub fn NewEntryPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = platform::new_id();
    view! {
        <div class="kura-page kura-page--wide">
            <h1>{move || i18n.t().new_entry_title}</h1>
            <EntryForm mode=FormMode::New(id) />
            <Attachments entry=id />
        </div>
    }
}

/// `/books/<id>/journal/<entry>`: a draft opens in the form; a posted entry is
/// shown with its links, its history, and the correct and reverse actions.
#[component]
pub fn EntryPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let id = routes::use_id_param("entry");
    // Rebuilt only when the entry appears, disappears or changes status, so a
    // draft being typed is not reset by other writes.
    let state = Memo::new(move |_| {
        id.get()
            .and_then(|id| open.book.with(|b| b.entry(id).map(|e| (id, e.status()))))
    });
    move || match state.get() {
        None => view! {
            <div class="kura-page">
                <p class="kura-error" role="alert">{move || i18n.t().entry_not_found}</p>
                <a href=BookScreen::Journal.path(open.id)>{move || i18n.t().back_to_journal}</a>
            </div>
        }
        .into_any(),
        Some((id, EntryStatus::Draft)) => {
            let entry = open.book.with_untracked(|b| b.entry(id).cloned());
            view! {
                <div class="kura-page kura-page--wide">
                    <h1>{move || i18n.t().edit_draft_title}</h1>
                    <EntryForm mode=FormMode::Draft(id) initial=entry.expect("the draft exists") />
                    <Attachments entry=id />
                </div>
            }
            .into_any()
        }
        Some((id, EntryStatus::Posted)) => view! { <PostedEntry id /> }.into_any(),
    }
}

/// `/books/<id>/journal/<entry>/correct`.
#[component]
pub fn CorrectEntryPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let id = routes::use_id_param("entry");
    let original = Memo::new(move |_| {
        id.get().and_then(|id| {
            open.book
                .with(|b| b.entry(id).filter(|e| e.is_posted()).map(|e| e.id()))
        })
    });
    move || match original.get() {
        None => view! {
            <div class="kura-page">
                <p class="kura-error" role="alert">{move || i18n.t().entry_not_found}</p>
            </div>
        }
        .into_any(),
        Some(id) => {
            let entry = open.book.with_untracked(|b| b.entry(id).cloned());
            view! {
                <div class="kura-page kura-page--wide">
                    <h1>{move || i18n.t().correct_title}</h1>
                    <p class="kura-muted">{move || i18n.t().correct_intro}</p>
                    <EntryForm mode=FormMode::Correct(id) initial=entry.expect("the entry exists") />
                </div>
            }
            .into_any()
        }
    }
}

/// A posted entry: header, lines, links, actions and history.
#[component]
fn PostedEntry(id: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let entry = Memo::new(move |_| open.book.with(|b| b.entry(id).cloned()));
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let money = move |amount: Decimal| format_money(amount, currency.get(), i18n.locale());
    let reversing = RwSignal::new(false);
    let book_id = open.id;
    let key = RecordKey {
        kind: RecordKind::JournalEntry,
        id,
    };
    // Kept out of every report (an earlier build wrote it beyond the limits).
    let beyond_limits = move || open.book.with(|b| b.is_out_of_range(&key));
    let lines = move || {
        let locale = i18n.locale();
        entry.get().map(|e| {
            open.book.with(|book| {
                e.lines()
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let account = book
                            .account(p.account)
                            .map(|a| account_label(a, locale))
                            .unwrap_or_default();
                        let (dr, cr) = if p.amount.is_sign_positive() {
                            (money(p.amount), String::new())
                        } else {
                            (String::new(), money(-p.amount))
                        };
                        let tax = p.tax_code.map(|c| (t().tax_code_name)(c)).unwrap_or("");
                        view! {
                            <tr data-testid="entry-line">
                                <td class="kura-lines__no">{i + 1}</td>
                                <td>{account}</td>
                                <td class="kura-table__cell--numeric" data-testid="entry-line-debit">{dr}</td>
                                <td class="kura-table__cell--numeric" data-testid="entry-line-credit">{cr}</td>
                                <td>{tax}</td>
                                <td>{p.memo.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let links = move || {
        let locale = i18n.locale();
        open.book.with(|book| {
            let this = book.entry(id)?;
            let describe = |e: &JournalEntry| {
                format!(
                    "{} {} {}",
                    format_date(e.date(), locale),
                    e.description(),
                    format_money(e.total(), book.currency(), locale)
                )
            };
            let corrects = this.corrects().and_then(|o| book.entry(o)).map(|o| {
                view! {
                    <p>
                        {t().corrects_label} ": "
                        <a href=BookScreen::Entry(o.id()).path(book_id) data-testid="corrects-link">{describe(o)}</a>
                    </p>
                }
            });
            let by: Vec<_> = book
                .entries()
                .filter(|e| e.corrects() == Some(id))
                .map(|e| {
                    view! {
                        <li>
                            <a href=BookScreen::Entry(e.id()).path(book_id) data-testid="corrected-by-link">{describe(e)}</a>
                        </li>
                    }
                })
                .collect();
            let by = (!by.is_empty()).then(|| {
                view! {
                    <p>{t().corrected_by_label}</p>
                    <ul>{by}</ul>
                }
            });
            Some(view! { {corrects} {by} })
        })
    };
    let header = move || {
        entry.get().map(|e| {
            let locale = i18n.locale();
            view! {
                <dl class="kura-facts">
                    <dt>{t().entry_date}</dt>
                    <dd data-testid="entry-date">{format_date(e.date(), locale)}</dd>
                    <dt>{t().entry_description}</dt>
                    <dd data-testid="entry-description">{e.description().to_string()}</dd>
                    <dt>{t().entry_partner}</dt>
                    <dd>{e.partner().unwrap_or_default().to_string()}</dd>
                    <dt>{t().entry_total}</dt>
                    <dd class="kura-num" data-testid="entry-total">{money(e.total())}</dd>
                    <dt>{t().entry_status}</dt>
                    <dd>{status_badge(e.status())}</dd>
                </dl>
            }
        })
    };
    view! {
        <div class="kura-page kura-page--wide">
            <div class="kura-page__head">
                <h1>{move || t().entry_title}</h1>
                <div class="kura-row-actions">
                    <a class="kura-button" href=BookScreen::CorrectEntry(id).path(book_id) data-testid="correct-entry">
                        {move || t().correct}
                    </a>
                    <button type="button" class="kura-button kura-button--danger" data-testid="reverse-entry"
                        on:click=move |_| reversing.set(true)>
                        {move || t().reverse}
                    </button>
                </div>
            </div>
            <section class="kura-card">
                {header}
                {move || beyond_limits().then(|| view! {
                    <p class="kura-error" data-testid="entry-beyond-limits">{t().lim_entry_kept_out}</p>
                })}
                <div class="kura-table-wrap">
                    <table class="kura-table kura-lines" aria-label=move || t().lines_label>
                        <thead>
                            <tr>
                                <th scope="col" class="kura-lines__no">"#"</th>
                                <th scope="col">{move || t().line_account}</th>
                                <th scope="col" class="kura-table__header--numeric">{move || t().debit_short}</th>
                                <th scope="col" class="kura-table__header--numeric">{move || t().credit_short}</th>
                                <th scope="col">{move || t().line_tax}</th>
                                <th scope="col">{move || t().line_memo}</th>
                            </tr>
                        </thead>
                        <tbody>{lines}</tbody>
                    </table>
                </div>
                <div class="kura-entry__links">{links}</div>
            </section>
            <Attachments entry=id />
            <History id />
            <p>
                <a href=BookScreen::Journal.path(book_id)>{move || t().back_to_journal}</a>
            </p>
            <ReverseDialog id open=reversing />
        </div>
    }
}

/// Asks for the reversal's date and posts it.
#[component]
fn ReverseDialog(id: RecordId, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let book = use_open_book();
    let navigate = use_navigate();
    let date = RwSignal::new(Some(today()));
    let date_error = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let t = move || i18n.t();
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(day) = date.get_untracked() else {
            return;
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            let reversal = platform::new_id();
            match book
                .write(|b, ctx| reverse_entry(b, id, reversal, day, ctx))
                .await
            {
                Ok(()) => {
                    open.set(false);
                    toasts.success(i18n.t().entry_reversed.to_string());
                    navigate(
                        &BookScreen::Entry(reversal).path(book.id),
                        NavigateOptions::default(),
                    );
                }
                Err(WriteError::Invalid(e)) => error.set(Some(journal_error(&e, locale))),
                Err(WriteError::Store(e)) => error.set(Some(store_error(&e, locale))),
            }
        });
    };
    view! {
        <Dialog open title=Signal::derive(move || t().reverse_title.to_string()) test_id="reverse-dialog">
            <form class="kura-form" on:submit=confirm novalidate>
                <p>{move || t().reverse_intro}</p>
                <FormField label=Signal::derive(move || t().reverse_date.to_string()) id="reverse-date" error=date_error>
                    <DateInput id="reverse-date" value=date error=date_error />
                </FormField>
                <p class="kura-error" role="alert" data-testid="reverse-error" hidden=move || error.with(Option::is_none)>
                    {move || error.get()}
                </p>
                <DialogActions open label=Signal::derive(move || t().reverse) test_id="confirm-reverse" danger=true />
            </form>
        </Dialog>
    }
}

/// Every version of the entry, newest first: when, and what changed.
#[component]
fn History(id: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let key = RecordKey {
        kind: RecordKind::JournalEntry,
        id,
    };
    let items = version_list(
        key,
        |r| match r {
            Record::JournalEntry(e) => Some(e),
            _ => None,
        },
        describe_change,
    );
    view! {
        <section class="kura-card" aria-labelledby="history-heading">
            <h2 id="history-heading">{move || t().history_heading}</h2>
            <ol class="kura-history" data-testid="entry-history">{items}</ol>
            <a class="kura-button" data-testid="entry-history-report" href=move || open.book.with(|b| routes::entry_history(b, open.id, id))>{move || t().rep_history_open}</a>
        </section>
    }
}

/// What one version changed compared with the one before it.
fn describe_change(
    before: Option<&JournalEntry>,
    after: Option<&JournalEntry>,
    locale: Locale,
    book: &Book,
) -> String {
    let t = crate::i18n::messages(locale);
    let status = |e: &JournalEntry| match e.status() {
        EntryStatus::Draft => t.status_draft,
        EntryStatus::Posted => t.status_posted,
    };
    let summary = |e: &JournalEntry| {
        let currency = book.currency();
        let lines: Vec<String> = e
            .lines()
            .iter()
            .map(|p| {
                let name = book
                    .account(p.account)
                    .map(|a| a.name(locale).to_string())
                    .unwrap_or_default();
                let side = if p.amount.is_sign_positive() {
                    t.debit_short
                } else {
                    t.credit_short
                };
                format!(
                    "{side} {name} {}",
                    format_money(p.amount.abs(), currency, locale)
                )
            })
            .collect();
        format!("{} / {}", status(e), lines.join(", "))
    };
    match (before, after) {
        (_, None) => t.history_deleted.to_string(),
        (None, Some(e)) => format!("{}: {}", t.history_created, summary(e)),
        (Some(b), Some(a)) => {
            let mut fields: Vec<&str> = Vec::new();
            if b.status() != a.status() {
                fields.push(t.entry_status);
            }
            if b.date() != a.date() {
                fields.push(t.entry_date);
            }
            if b.description() != a.description() {
                fields.push(t.entry_description);
            }
            if b.partner() != a.partner() {
                fields.push(t.entry_partner);
            }
            if b.lines() != a.lines() {
                fields.push(t.field_lines);
            }
            if fields.is_empty() {
                t.history_unchanged.to_string()
            } else {
                format!("{} — {}", (t.history_changed)(&fields), summary(a))
            }
        }
    }
}

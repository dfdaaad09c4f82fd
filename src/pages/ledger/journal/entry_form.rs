//! The journal entry form (仕訳入力), made for the keyboard: Tab moves through the
//! cells of the lines grid, Enter in the last cell of the last line adds a line,
//! Ctrl+S (⌘S) saves a draft. The running difference shows until the entry
//! balances. One form serves a new entry, a draft being edited and the
//! correction of a posted entry; the core decides what may be saved.
//!
//! In a tax-exclusive book (税抜経理) the lines with a taxable code get their
//! consumption-tax lines below the grid as soon as they can be read
//! (`kura_core::ledger::split_tax`). The user may type over a tax line's amount;
//! it then stays as typed until "recompute". The difference counts the tax lines,
//! and saving posts them as lines of the entry.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use kura_core::book::{correct_entry, delete_draft, save_entry, Book, JournalError};
use kura_core::ids::RecordId;
use kura_core::ledger::{
    saved_overrides, split_tax, tax_postings, EntryError, EntryHeader, EntryStatus, JournalEntry,
    Posting, PostingInput, TaxCode, TaxLine, TaxOverride, TaxPart, TaxRules, TaxSplitError,
};
use kura_core::locale::{format_money, format_number, Locale};
use kura_core::money::{parse_amount, AmountError, Currency};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use rust_decimal::Decimal;
use web_sys::KeyboardEvent;

use crate::app::{use_open_book, OpenBook, WriteError};
use crate::components::{
    account_label, focus_later, is_enter, line_row_class, number_cell, read_cell, tax_from,
    tax_value, use_toasts, DateInput, FormField,
};
use crate::i18n::{amount_error, journal_error, store_error, tax_split_error, use_i18n};
use crate::platform;
use crate::platform::today;
use crate::routes::BookScreen;

/// What the form is for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FormMode {
    /// A new entry, saved under this id (fixed when the form opens, so saving a
    /// draft twice updates one draft).
    New(RecordId),
    /// A draft being edited.
    Draft(RecordId),
    /// Correcting the posted entry with this id.
    Correct(RecordId),
}

/// One line of the grid as typed. Every cell is a signal; the line is `Copy`.
#[derive(Clone, Copy)]
struct Line {
    key: usize,
    account: RwSignal<String>,
    debit: RwSignal<String>,
    credit: RwSignal<String>,
    tax: RwSignal<String>,
    memo: RwSignal<String>,
}

impl Line {
    fn new(key: usize) -> Line {
        Line {
            key,
            account: RwSignal::new(String::new()),
            debit: RwSignal::new(String::new()),
            credit: RwSignal::new(String::new()),
            tax: RwSignal::new(String::new()),
            memo: RwSignal::new(String::new()),
        }
    }
}

/// An amount cell's value: blank is zero.
fn parse_cell(text: &str, currency: Currency) -> Result<Decimal, AmountError> {
    read_cell(text, |t| parse_amount(t, currency))
}

/// An amount for a cell: blank when zero.
fn cell_text(amount: Decimal, currency: Currency) -> String {
    number_cell(amount, currency.minor_units())
}

/// Why the form could not save: the message, and the screen line it is about.
#[derive(Clone, Debug, PartialEq)]
struct FormError {
    line: Option<usize>,
    message: String,
}

/// Renumbers a core error's line (counted among the non-blank lines the core
/// saw) as the line on screen.
fn line_of(error: &JournalError, kept: &[usize]) -> Option<usize> {
    let posting_line = match error {
        JournalError::UnknownAccount { line } | JournalError::ArchivedAccount { line } => *line,
        JournalError::Entry(EntryError::EmptyLine { line })
        | JournalError::Entry(EntryError::TooManyDecimals { line })
        | JournalError::Entry(EntryError::AmountTooLarge { line, .. }) => *line,
        _ => return None,
    };
    kept.get(posting_line - 1).copied()
}

fn with_line(error: JournalError, line: usize) -> JournalError {
    match error {
        JournalError::UnknownAccount { .. } => JournalError::UnknownAccount { line },
        JournalError::ArchivedAccount { .. } => JournalError::ArchivedAccount { line },
        JournalError::Entry(EntryError::EmptyLine { .. }) => {
            JournalError::Entry(EntryError::EmptyLine { line })
        }
        JournalError::Entry(EntryError::TooManyDecimals { .. }) => {
            JournalError::Entry(EntryError::TooManyDecimals { line })
        }
        JournalError::Entry(EntryError::AmountTooLarge { error, .. }) => {
            JournalError::Entry(EntryError::AmountTooLarge { line, error })
        }
        other => other,
    }
}

fn entry_line_of(error: &EntryError) -> Option<usize> {
    match error {
        EntryError::MissingAccount { line }
        | EntryError::EmptyLine { line }
        | EntryError::BothSides { line }
        | EntryError::NegativeAmount { line }
        | EntryError::TooManyDecimals { line }
        | EntryError::AmountTooLarge { line, .. } => Some(*line),
        _ => None,
    }
}

/// A tax line of the split: its code and part.
type TaxKey = (TaxCode, TaxPart);

/// The amounts the user typed over tax lines, as typed.
type TypedTax = BTreeMap<TaxKey, String>;

/// Why the tax lines cannot be made as the form stands.
#[derive(Clone, Debug, PartialEq)]
enum SplitProblem {
    Tax(TaxSplitError),
    /// What was typed over the tax line on this account is not an amount.
    Amount(RecordId, AmountError),
}

/// The tax lines as the form shows them while the user types.
#[derive(Clone, Debug, PartialEq, Default)]
struct LiveTax {
    lines: Vec<TaxLine>,
    problem: Option<SplitProblem>,
}

/// The lines as far as they can be read while typing: those with a known
/// account and an amount (reads the cells reactively).
fn typed_postings(book: &Book, lines: &[Line], currency: Currency) -> Vec<Posting> {
    lines
        .iter()
        .filter_map(|l| {
            let account = book.account_named(&l.account.get())?;
            let amount = parse_cell(&l.debit.get(), currency).ok()?
                - parse_cell(&l.credit.get(), currency).ok()?;
            (!amount.is_zero()).then(|| Posting {
                account,
                amount,
                tax_code: tax_from(&l.tax.get()),
                memo: String::new(),
                tax_part: None,
                business_class: None,
                supply_date: None,
            })
        })
        .collect()
}

/// The tax lines of `postings` in the book, with the amounts the user typed.
fn split_typed(
    book: &Book,
    postings: &[Posting],
    day: NaiveDate,
    typed: &TypedTax,
    currency: Currency,
) -> Result<Vec<TaxLine>, SplitProblem> {
    let rules = TaxRules::for_book(book);
    let chart = book.accounts();
    let computed = split_tax(postings, day, &rules, &chart, &[]).map_err(SplitProblem::Tax)?;
    let overrides = computed
        .iter()
        .filter_map(|l| {
            let text = typed.get(&(l.code, l.part))?;
            let amount =
                parse_amount(text, currency).map_err(|e| SplitProblem::Amount(l.account, e));
            Some(amount.map(|amount| TaxOverride {
                code: l.code,
                part: l.part,
                amount,
            }))
        })
        .collect::<Result<Vec<_>, _>>()?;
    split_tax(postings, day, &rules, &chart, &overrides).map_err(SplitProblem::Tax)
}

/// The live tax lines: with the typed amounts, or while one of them cannot be
/// used, the computed lines (so the row being typed in stays) and the problem.
fn live_tax(
    book: &Book,
    postings: &[Posting],
    day: NaiveDate,
    typed: &TypedTax,
    currency: Currency,
) -> LiveTax {
    match split_typed(book, postings, day, typed, currency) {
        Ok(lines) => LiveTax {
            lines,
            problem: None,
        },
        Err(problem) => LiveTax {
            lines: split_typed(book, postings, day, &TypedTax::new(), currency).unwrap_or_default(),
            problem: Some(problem),
        },
    }
}

fn split_problem_text(problem: &SplitProblem, book: &Book, locale: Locale) -> String {
    match problem {
        SplitProblem::Tax(e) => tax_split_error(e, locale),
        SplitProblem::Amount(account, e) => {
            let label = book
                .account(*account)
                .map(|a| account_label(a, locale))
                .unwrap_or_default();
            format!("{label}: {}", amount_error(e, locale))
        }
    }
}

/// The typed amounts that give back a saved entry's tax lines.
fn saved_typed_tax(book: &Book, entry: &JournalEntry) -> TypedTax {
    let currency = book.currency();
    let overrides = saved_overrides(
        entry.lines(),
        entry.date(),
        &TaxRules::for_book(book),
        &book.accounts(),
    );
    overrides
        .unwrap_or_default()
        .into_iter()
        .map(|o| ((o.code, o.part), cell_text(o.amount, currency)))
        .collect()
}

/// The form. `initial` fills it (a draft, or the entry being corrected).
#[component]
pub fn EntryForm(mode: FormMode, #[prop(optional)] initial: Option<JournalEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = use_open_book();
    let navigate = use_navigate();
    let navigate_after_delete = navigate.clone();
    let currency = Memo::new(move |_| open.book.with(|b| b.currency()));
    let today = today();

    let date = RwSignal::new(Some(match (mode, &initial) {
        (FormMode::Correct(_), _) | (_, None) => today,
        (_, Some(entry)) => entry.date(),
    }));
    let date_error = RwSignal::new(None::<String>);
    let description = RwSignal::new(
        initial
            .as_ref()
            .map(|e| e.description().to_string())
            .unwrap_or_default(),
    );
    let partner = RwSignal::new(
        initial
            .as_ref()
            .and_then(|e| e.partner().map(str::to_string))
            .unwrap_or_default(),
    );
    let next_key = StoredValue::new(0usize);
    // A line's signals belong to the form, not to the grid's render (which is
    // rebuilt, and its signals disposed, whenever a line is added or removed).
    let form_owner = StoredValue::new(Owner::current().expect("the form has an owner"));
    let new_line = move || {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        form_owner.with_value(|owner| owner.with(|| Line::new(key)))
    };
    let mut first_lines: Vec<Line> = Vec::new();
    let typed_tax = RwSignal::new(TypedTax::new());
    if let Some(entry) = &initial {
        let locale = i18n.locale.get_untracked();
        open.book.with_untracked(|book| {
            let cur = book.currency();
            // A tax-exclusive book splits the typed lines again; the saved tax lines
            // come back as what was typed over them.
            let exclusive = TaxRules::for_book(book).exclusive;
            if exclusive {
                typed_tax.set(saved_typed_tax(book, entry));
            }
            let typed_lines = entry
                .lines()
                .iter()
                .filter(|p| !(exclusive && p.tax_part.is_some()));
            for posting in typed_lines {
                let line = new_line();
                let label = book
                    .account(posting.account)
                    .map(|a| account_label(a, locale))
                    .unwrap_or_default();
                line.account.set(label);
                if posting.amount.is_sign_positive() {
                    line.debit.set(cell_text(posting.amount, cur));
                } else {
                    line.credit.set(cell_text(-posting.amount, cur));
                }
                line.tax
                    .set(posting.tax_code.map(tax_value).unwrap_or_default());
                line.memo.set(posting.memo.clone());
                first_lines.push(line);
            }
        });
    }
    while first_lines.len() < 2 {
        first_lines.push(new_line());
    }
    let lines = RwSignal::new(first_lines);
    let error = RwSignal::new(None::<FormError>);
    let busy = RwSignal::new(false);

    let live = Memo::new(move |_| {
        let Some(day) = date.get() else {
            return LiveTax::default();
        };
        let cur = currency.get();
        let typed = typed_tax.get();
        open.book.with(|book| {
            let postings = lines.with(|lines| typed_postings(book, lines, cur));
            live_tax(book, &postings, day, &typed, cur)
        })
    });
    // The running difference, or `None` while a cell cannot be read (a typo,
    // or an amount beyond the largest Kura accepts): then nothing is balanced.
    // Every cell read is within the largest amount, so the sum cannot overflow.
    let difference = Memo::new(move |_| {
        let cur = currency.get();
        let typed: Option<Decimal> = lines.with(|lines| {
            lines
                .iter()
                .map(|l| {
                    let debit = parse_cell(&l.debit.get(), cur).ok()?;
                    Some(debit - parse_cell(&l.credit.get(), cur).ok()?)
                })
                .sum()
        });
        typed.map(|t| t + live.with(|l| l.lines.iter().map(|t| t.amount).sum::<Decimal>()))
    });

    let add_line = move || {
        let line = new_line();
        lines.update(|l| l.push(line));
        let n = lines.with_untracked(Vec::len);
        focus_later(format!("line-account-{n}"));
    };

    // Builds the posting inputs, or says which line is wrong.
    let read_lines = move || -> Result<(Vec<PostingInput>, Vec<usize>), FormError> {
        let locale = i18n.locale.get_untracked();
        let cur = currency.get_untracked();
        let mut inputs = Vec::new();
        let mut kept = Vec::new();
        open.book.with_untracked(|book| {
            for (i, line) in lines.get_untracked().iter().enumerate() {
                let n = i + 1;
                let text = line.account.get_untracked();
                let account = book.account_named(&text);
                if account.is_none() && !text.trim().is_empty() {
                    return Err(FormError {
                        line: Some(n),
                        message: format!(
                            "{}: {}",
                            (i18n.t().line_number)(n),
                            i18n.t().unknown_account_text
                        ),
                    });
                }
                let amount = |cell: RwSignal<String>| {
                    parse_cell(&cell.get_untracked(), cur).map_err(|e| FormError {
                        line: Some(n),
                        message: format!(
                            "{}: {}",
                            (i18n.t().line_number)(n),
                            amount_error(&e, locale)
                        ),
                    })
                };
                let input = PostingInput {
                    account,
                    debit: amount(line.debit)?,
                    credit: amount(line.credit)?,
                    tax_code: tax_from(&line.tax.get_untracked()),
                    memo: line.memo.get_untracked(),
                };
                if input.account.is_some() || !input.debit.is_zero() || !input.credit.is_zero() {
                    kept.push(n);
                }
                inputs.push(input);
            }
            Ok((inputs, kept))
        })
    };

    let save = Callback::new(move |status: EntryStatus| {
        if busy.get_untracked() {
            return;
        }
        let locale = i18n.locale.get_untracked();
        let Some(day) = date.get_untracked() else {
            date_error.set(Some(i18n.t().date_invalid.to_string()));
            return;
        };
        let (inputs, kept) = match read_lines() {
            Ok(read) => read,
            Err(e) => return error.set(Some(e)),
        };
        let mut postings = match JournalEntry::postings_from_input(&inputs) {
            Ok(p) => p,
            Err(e) => {
                return error.set(Some(FormError {
                    line: entry_line_of(&e),
                    message: journal_error(&JournalError::Entry(e), locale),
                }))
            }
        };
        let typed = typed_tax.get_untracked();
        let split = open.book.with_untracked(|book| {
            split_typed(book, &postings, day, &typed, book.currency())
                .map_err(|p| split_problem_text(&p, book, locale))
        });
        match split {
            Ok(tax) => postings.extend(tax_postings(&tax)),
            Err(message) => {
                return error.set(Some(FormError {
                    line: None,
                    message,
                }))
            }
        }
        let partner_text = partner.get_untracked();
        let (entry_id, original) = match mode {
            FormMode::New(id) | FormMode::Draft(id) => (id, None),
            FormMode::Correct(original) => (platform::new_id(), Some(original)),
        };
        let header = EntryHeader {
            id: entry_id,
            date: day,
            description: description.get_untracked(),
            partner: Some(partner_text).filter(|p| !p.trim().is_empty()),
            status,
            corrects: None,
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match original {
                None => {
                    open.write(|b, ctx| save_entry(b, header, postings, ctx))
                        .await
                }
                Some(original) => {
                    let reversal = platform::new_id();
                    open.write(|b, ctx| correct_entry(b, original, reversal, header, postings, ctx))
                        .await
                }
            };
            busy.set(false);
            let book_path = BookScreen::Home.path(open.id);
            match result {
                Ok(()) => {
                    error.set(None);
                    let (message, target) = match (mode, status) {
                        (FormMode::Correct(_), _) => (
                            i18n.t().entry_corrected,
                            Some(format!("{book_path}/journal/{entry_id}")),
                        ),
                        (_, EntryStatus::Posted) => {
                            (i18n.t().entry_posted, Some(format!("{book_path}/journal")))
                        }
                        (FormMode::New(_), EntryStatus::Draft) => (
                            i18n.t().draft_saved,
                            Some(format!("{book_path}/journal/{entry_id}")),
                        ),
                        (_, EntryStatus::Draft) => (i18n.t().draft_saved, None),
                    };
                    toasts.success(message.to_string());
                    if let Some(target) = target {
                        navigate(&target, NavigateOptions::default());
                    }
                }
                Err(WriteError::Invalid(e)) => {
                    let line = line_of(&e, &kept);
                    let e = match line {
                        Some(line) => with_line(e, line),
                        None => e,
                    };
                    error.set(Some(FormError {
                        line,
                        message: journal_error(&e, locale),
                    }));
                }
                Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
            }
        });
    });
    let correcting = matches!(mode, FormMode::Correct(_));
    let shortcut_status = if correcting {
        EntryStatus::Posted
    } else {
        EntryStatus::Draft
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("s") {
            ev.prevent_default();
            // Let the focused cell's last keystroke land before reading it.
            save.run(shortcut_status);
        }
    };

    let remove_draft = move |_| {
        let FormMode::Draft(id) = mode else { return };
        let navigate = navigate_after_delete.clone();
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            // Through the attachment path, so the draft's files' bytes are erased too.
            match open
                .write_with_attachments(|b, ctx| delete_draft(b, id, ctx), &[])
                .await
            {
                Ok(()) => {
                    toasts.success(i18n.t().draft_deleted.to_string());
                    navigate(
                        &BookScreen::Journal.path(open.id),
                        NavigateOptions::default(),
                    );
                }
                Err(WriteError::Invalid(e)) => error.set(Some(FormError {
                    line: None,
                    message: journal_error(&e, locale),
                })),
                Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
            }
        });
    };

    let t = move || i18n.t();
    let difference_text = move || match difference.get() {
        None => t().lim_unreadable_amounts.to_string(),
        Some(d) if d.is_zero() => t().balanced.to_string(),
        Some(d) => (t().difference)(&format_money(d, currency.get(), i18n.locale())),
    };
    let difference_class = move || {
        if difference.get().is_some_and(|d| d.is_zero()) {
            "kura-entry__difference kura-entry__difference--balanced"
        } else {
            "kura-entry__difference"
        }
    };
    let is_draft = matches!(mode, FormMode::Draft(_));
    let tax_problem = move || {
        let problem = live.with(|l| l.problem.clone())?;
        Some(
            open.book
                .with(|b| split_problem_text(&problem, b, i18n.locale())),
        )
    };

    view! {
        <form class="kura-entry" on:submit=|ev| ev.prevent_default() on:keydown=on_keydown novalidate>
            <AccountList open />
            <div class="kura-entry__head">
                <FormField label=Signal::derive(move || t().entry_date.to_string()) id="entry-date" error=date_error>
                    <DateInput id="entry-date" value=date error=date_error />
                </FormField>
                <FormField label=Signal::derive(move || t().entry_description.to_string()) id="entry-description">
                    <input id="entry-description" type="text" autocomplete="off" data-testid="entry-description"
                        bind:value=description />
                </FormField>
                <FormField label=Signal::derive(move || t().entry_partner.to_string()) id="entry-partner">
                    <input id="entry-partner" type="text" autocomplete="off" data-testid="entry-partner"
                        bind:value=partner />
                </FormField>
            </div>
            <div class="kura-table-wrap">
                <table class="kura-table kura-lines" aria-label=move || t().lines_label>
                    <thead>
                        <tr>
                            <th scope="col" class="kura-lines__no">"#"</th>
                            <th scope="col">{move || t().line_account}</th>
                            <th scope="col" class="kura-table__header--numeric">{move || t().line_debit}</th>
                            <th scope="col" class="kura-table__header--numeric">{move || t().line_credit}</th>
                            <th scope="col">{move || t().line_tax}</th>
                            <th scope="col">{move || t().line_memo}</th>
                            <th scope="col"><span class="kura-visually-hidden">{move || t().remove_line}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let all = lines.get();
                            let count = all.len();
                            all.into_iter()
                                .enumerate()
                                .map(|(i, line)| {
                                    view! {
                                        <LineRow line number=i + 1 last=i + 1 == count lines error currency open
                                            on_add=Callback::new(move |_| add_line()) />
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                    <TaxRows live typed=typed_tax currency open />
                </table>
            </div>
            <p class="kura-error" role="alert" data-testid="tax-split-error" hidden=move || live.with(|l| l.problem.is_none())>
                {tax_problem}
            </p>
            <div class="kura-entry__foot">
                <button type="button" class="kura-button" data-testid="add-line" on:click=move |_| add_line()>
                    {move || t().add_line}
                </button>
                <p class=difference_class data-testid="entry-difference" aria-live="polite">{difference_text}</p>
            </div>
            <p class="kura-error" role="alert" data-testid="entry-error" hidden=move || error.with(Option::is_none)>
                {move || error.get().map(|e| e.message)}
            </p>
            <p class="kura-muted kura-entry__hint">{move || t().keyboard_hint}</p>
            <div class="kura-entry__actions">
                {is_draft.then(|| view! {
                    <button type="button" class="kura-button kura-button--danger" data-testid="delete-draft"
                        on:click=remove_draft>
                        {move || t().delete_draft}
                    </button>
                })}
                {(!correcting).then(|| view! {
                    <button type="button" class="kura-button" data-testid="save-draft" disabled=move || busy.get()
                        on:click=move |_| save.run(EntryStatus::Draft)>
                        {move || t().save_draft}
                    </button>
                })}
                <button type="button" class="kura-button kura-button--primary" data-testid="post-entry"
                    disabled=move || busy.get() on:click=move |_| save.run(EntryStatus::Posted)>
                    {move || if correcting { t().post_correction } else { t().post_entry }}
                </button>
            </div>
        </form>
    }
}

/// The picker's options: every live account, searchable by the browser on its
/// label (code and name) and its alternative text (the other name and reading).
#[component]
fn AccountList(open: OpenBook) -> impl IntoView {
    let i18n = use_i18n();
    let options = move || {
        let locale = i18n.locale();
        open.book.with(|book| {
            book.accounts()
                .into_iter()
                .filter(|a| !a.archived)
                .map(|a| {
                    let other = match locale {
                        Locale::Ja => &a.name_en,
                        Locale::En => &a.name_ja,
                    };
                    let hint = format!("{other} {}", a.reading);
                    view! { <option value=account_label(a, locale) label=hint.trim().to_string()></option> }
                })
                .collect_view()
        })
    };
    view! { <datalist id="kura-account-list">{options}</datalist> }
}

/// One line of the grid.
#[component]
fn LineRow(
    line: Line,
    number: usize,
    last: bool,
    lines: RwSignal<Vec<Line>>,
    error: RwSignal<Option<FormError>>,
    currency: Memo<Currency>,
    open: OpenBook,
    on_add: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let invalid = move || error.with(|e| e.as_ref().and_then(|e| e.line) == Some(number));
    let row_class = move || line_row_class(invalid());
    // Picking an account proposes its tax code and shows its full label.
    let on_account_change = move |_| {
        let (Some(text), Some(locale)) = (
            line.account.try_get_untracked(),
            i18n.locale.try_get_untracked(),
        ) else {
            return;
        };
        let Some(picked) = open.book.try_with_untracked(|book| {
            book.account_named(&text)
                .and_then(|id| book.account(id).cloned())
        }) else {
            return;
        };
        if let Some(account) = picked {
            line.account.set(account_label(&account, locale));
            if let Some(tax) = account.default_tax {
                line.tax.set(tax_value(tax));
            }
        }
    };
    // Runs on blur, which the browser also fires when the form is removed (after
    // saving navigates away): by then the signals may be gone, so try them.
    let tidy = move |cell: RwSignal<String>| {
        let (Some(cur), Some(text)) = (currency.try_get_untracked(), cell.try_get_untracked())
        else {
            return;
        };
        if let Ok(amount) = parse_cell(&text, cur) {
            cell.try_set(cell_text(amount, cur));
        }
    };
    let on_memo_key = move |ev: KeyboardEvent| {
        if is_enter(&ev) && last {
            ev.prevent_default();
            on_add.run(());
        }
    };
    let remove = move |_| {
        lines.update(|l| {
            if l.len() > 2 {
                l.retain(|x| x.key != line.key);
            }
        });
    };
    let label = move |what: &'static str| format!("{} {}", (t().line_number)(number), what);
    view! {
        <tr class=row_class data-testid=format!("line-{number}")>
            <td class="kura-lines__no">{number}</td>
            <td class="kura-lines__account">
                <input type="text" list="kura-account-list" autocomplete="off"
                    id=format!("line-account-{number}") data-testid=format!("line-account-{number}")
                    aria-label=move || label(t().line_account)
                    title=move || t().account_picker_hint
                    aria-invalid=move || if invalid() { "true" } else { "false" }
                    bind:value=line.account on:change=on_account_change />
            </td>
            <td class="kura-lines__amount">
                <input type="text" inputmode="decimal" autocomplete="off" class="kura-input--amount"
                    id=format!("line-debit-{number}") data-testid=format!("line-debit-{number}")
                    aria-label=move || label(t().line_debit)
                    bind:value=line.debit on:blur=move |_| tidy(line.debit) />
            </td>
            <td class="kura-lines__amount">
                <input type="text" inputmode="decimal" autocomplete="off" class="kura-input--amount"
                    id=format!("line-credit-{number}") data-testid=format!("line-credit-{number}")
                    aria-label=move || label(t().line_credit)
                    bind:value=line.credit on:blur=move |_| tidy(line.credit) />
            </td>
            <td class="kura-lines__tax">
                <crate::components::TaxSelect id=format!("line-tax-{number}") value=line.tax
                    test_id=format!("line-tax-{number}")
                    label=Signal::derive(move || label(t().line_tax)) />
            </td>
            <td class="kura-lines__memo">
                <input type="text" autocomplete="off"
                    id=format!("line-memo-{number}") data-testid=format!("line-memo-{number}")
                    aria-label=move || label(t().line_memo)
                    bind:value=line.memo on:keydown=on_memo_key />
            </td>
            <td class="kura-lines__remove">
                <button type="button" class="kura-button kura-button--icon" tabindex="-1"
                    data-testid=format!("remove-line-{number}")
                    aria-label=move || label(t().remove_line) on:click=remove>
                    "×"
                </button>
            </td>
        </tr>
    }
}

/// The tax lines below the grid, one row each, keyed so that the row being typed
/// in stays while the amounts change.
#[component]
fn TaxRows(
    live: Memo<LiveTax>,
    typed: RwSignal<TypedTax>,
    currency: Memo<Currency>,
    open: OpenBook,
) -> impl IntoView {
    let i18n = use_i18n();
    let keys = move || {
        live.with(|l| {
            l.lines
                .iter()
                .map(|t| (t.code, t.part))
                .collect::<Vec<TaxKey>>()
        })
    };
    view! {
        <tbody class="kura-tax-lines" data-testid="entry-tax-lines" hidden=move || live.with(|l| l.lines.is_empty())>
            <tr class="kura-tax-lines__head">
                <th scope="rowgroup" colspan="7">{move || i18n.t().tax_lines_heading}</th>
            </tr>
            <For each=keys key=|k| *k children=move |key| view! { <TaxRow key live typed currency open /> } />
        </tbody>
    }
}

/// One tax line: the account, how the amount was computed, the amount on its
/// side (which the user may type over), and whether it is computed or typed.
#[component]
fn TaxRow(
    key: TaxKey,
    live: Memo<LiveTax>,
    typed: RwSignal<TypedTax>,
    currency: Memo<Currency>,
    open: OpenBook,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let line = Memo::new(move |_| {
        live.with(|l| l.lines.iter().find(|x| (x.code, x.part) == key).cloned())
    });
    // A memo, so the amount input is rebuilt only if the side changes, not on
    // every keystroke (which would take the focus away).
    let on_debit =
        Memo::new(move |_| line.with(|l| l.as_ref().is_none_or(|l| l.base.is_sign_positive())));
    let money = move |amount: Decimal| format_money(amount, currency.get(), i18n.locale());
    let account = move || {
        let id = line.with(|l| l.as_ref().map(|l| l.account))?;
        open.book
            .with(|b| b.account(id).map(|a| account_label(a, i18n.locale())))
    };
    let basis = move || {
        line.get().map(|l| {
            let percent = |r: Decimal| format!("{}%", format_number(r * Decimal::ONE_HUNDRED, 0));
            let share = (l.share != Decimal::ONE).then(|| percent(l.share));
            (t().tax_line_basis)(&money(l.base.abs()), &percent(l.rate), share.as_deref())
        })
    };
    let part = move || match key.1 {
        TaxPart::Tax => None,
        TaxPart::NotCreditable => Some(t().tax_line_not_creditable),
    };
    let typed_text = move || typed.with(|m| m.get(&key).cloned());
    let overridden = Memo::new(move |_| typed.with(|m| m.contains_key(&key)));
    let value = move || {
        typed_text().unwrap_or_else(|| {
            line.with(|l| {
                l.as_ref()
                    .map(|l| format_number(l.amount.abs(), currency.get().minor_units()))
            })
            .unwrap_or_default()
        })
    };
    let invalid = move || {
        typed_text().is_some_and(|text| {
            parse_amount(&text, currency.get()).map_or(true, |a| a <= Decimal::ZERO)
        })
    };
    let tidy = move |_| {
        let (Some(cur), Some(Some(text))) = (
            currency.try_get_untracked(),
            typed.try_with_untracked(|m| m.get(&key).cloned()),
        ) else {
            return;
        };
        if let Ok(amount) = parse_amount(&text, cur) {
            typed.try_update(|m| m.insert(key, cell_text(amount, cur)));
        }
    };
    let amount_input = move || {
        view! {
            <input type="text" inputmode="decimal" autocomplete="off" class="kura-input--amount"
                data-testid="tax-amount"
                aria-label=move || (t().tax_line_amount)(&account().unwrap_or_default())
                aria-invalid=move || if invalid() { "true" } else { "false" }
                prop:value=value
                on:input=move |ev| typed.update(|m| {
                    m.insert(key, event_target_value(&ev));
                })
                on:blur=tidy />
        }
    };
    let status = move || {
        if overridden.get() {
            let computed = line
                .with(|l| l.as_ref().map(|l| l.computed.abs()))
                .unwrap_or_default();
            (t().tax_line_overridden)(&money(computed))
        } else {
            t().tax_line_computed.to_string()
        }
    };
    let status_class = move || {
        if overridden.get() {
            "kura-tax-line__status kura-tax-line__status--typed"
        } else {
            "kura-tax-line__status"
        }
    };
    let recompute = move || {
        overridden.get().then(|| {
            view! {
                <button type="button" class="kura-button kura-tax-line__recompute" data-testid="tax-recompute"
                    on:click=move |_| typed.update(|m| {
                        m.remove(&key);
                    })>
                    {move || t().tax_line_recompute}
                </button>
            }
        })
    };
    view! {
        <tr class="kura-lines__row kura-tax-line" data-testid="tax-line">
            <td class="kura-lines__no"><span class="kura-tax-line__badge">{move || t().tax_line_badge}</span></td>
            <td class="kura-lines__account">
                <span class="kura-tax-line__account">{account}</span>
                <span class="kura-tax-line__basis">{basis}</span>
            </td>
            <td class="kura-lines__amount">{move || on_debit.get().then(amount_input)}</td>
            <td class="kura-lines__amount">{move || (!on_debit.get()).then(amount_input)}</td>
            <td class="kura-lines__tax">
                {move || (t().tax_code_name)(key.0)}
                <span class="kura-tax-line__part">{part}</span>
            </td>
            <td class=status_class>
                <span data-testid="tax-status">{status}</span>
                {recompute}
            </td>
            <td></td>
        </tr>
    }
}

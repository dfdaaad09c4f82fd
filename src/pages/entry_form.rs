//! The journal entry form (仕訳入力), made for the keyboard: Tab moves through the
//! cells of the lines grid, Enter in the last cell of the last line adds a line,
//! Ctrl+S (⌘S) saves a draft. The running difference shows until the entry
//! balances. One form serves a new entry, a draft being edited and the
//! correction of a posted entry; the core decides what may be saved.

use chrono::NaiveDate;
use kura_core::book::{correct_entry, delete_draft, save_entry, Book, JournalError};
use kura_core::ids::RecordId;
use kura_core::ledger::{
    Account, EntryError, EntryHeader, EntryStatus, JournalEntry, PostingInput,
};
use kura_core::locale::{format_money, format_number, Locale};
use kura_core::money::{parse_amount, AmountError, Currency};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use rust_decimal::Decimal;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

use super::accounts::{tax_from, tax_value};
use crate::app::{use_open_book, OpenBook, WriteError};
use crate::components::{use_toasts, DateInput, FormField};
use crate::i18n::{amount_error, journal_error, store_error, use_i18n};
use crate::platform;

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

/// The currency of the open book (JPY until its settings are read).
pub(super) fn book_currency(book: &Book) -> Currency {
    book.settings().map_or(Currency::JPY, |s| s.currency)
}

/// `111 現金`: how an account is shown in the picker and on screen.
pub(super) fn account_label(account: &Account, locale: Locale) -> String {
    format!("{} {}", account.code, account.name(locale))
}

/// The account a typed text names: its code (alone or followed by a name), its
/// exact name in either language, or the only account that `Account::matches`.
/// Archived accounts are found too, so the core can say why they are refused.
pub(super) fn resolve_account(book: &Book, text: &str) -> Option<RecordId> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let accounts = book.accounts();
    let first = text.split_whitespace().next().unwrap_or_default();
    let by_code = |code: &str| accounts.iter().find(|a| a.code == code).map(|a| a.id);
    if let Some(id) = by_code(text) {
        return Some(id);
    }
    let exact = accounts.iter().find(|a| {
        a.name_ja == text
            || a.name_en.eq_ignore_ascii_case(text)
            || text == account_label(a, Locale::Ja)
            || text == account_label(a, Locale::En)
    });
    if let Some(a) = exact {
        return Some(a.id);
    }
    if text.len() != first.len() {
        if let Some(id) = by_code(first) {
            return Some(id);
        }
    }
    let mut found = accounts.iter().filter(|a| !a.archived && a.matches(text));
    match (found.next(), found.next()) {
        (Some(a), None) => Some(a.id),
        _ => None,
    }
}

/// An amount cell's value: blank is zero.
fn parse_cell(text: &str, currency: Currency) -> Result<Decimal, AmountError> {
    match parse_amount(text, currency) {
        Err(AmountError::Empty) => Ok(Decimal::ZERO),
        other => other,
    }
}

/// An amount for a cell: blank when zero.
fn cell_text(amount: Decimal, currency: Currency) -> String {
    if amount.is_zero() {
        String::new()
    } else {
        format_number(amount, currency.minor_units())
    }
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
        | JournalError::Entry(EntryError::TooManyDecimals { line }) => *line,
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
        other => other,
    }
}

fn entry_line_of(error: &EntryError) -> Option<usize> {
    match error {
        EntryError::MissingAccount { line }
        | EntryError::EmptyLine { line }
        | EntryError::BothSides { line }
        | EntryError::NegativeAmount { line }
        | EntryError::TooManyDecimals { line } => Some(*line),
        _ => None,
    }
}

/// The form. `initial` fills it (a draft, or the entry being corrected).
#[component]
pub fn EntryForm(mode: FormMode, #[prop(optional)] initial: Option<JournalEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = use_open_book();
    let navigate = use_navigate();
    let navigate_after_delete = navigate.clone();
    let currency = Memo::new(move |_| open.book.with(book_currency));
    let today = chrono::Local::now().date_naive();

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
    if let Some(entry) = &initial {
        let locale = i18n.locale.get_untracked();
        open.book.with_untracked(|book| {
            let cur = book_currency(book);
            for posting in entry.lines() {
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

    let difference = Memo::new(move |_| {
        let cur = currency.get();
        lines.with(|lines| {
            lines
                .iter()
                .map(|l| {
                    parse_cell(&l.debit.get(), cur).unwrap_or_default()
                        - parse_cell(&l.credit.get(), cur).unwrap_or_default()
                })
                .sum::<Decimal>()
        })
    });

    let focus_cell = move |id: String| {
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&id) {
                let _ = el.unchecked_into::<HtmlElement>().focus();
            }
        });
    };
    let add_line = move || {
        let line = new_line();
        lines.update(|l| l.push(line));
        let n = lines.with_untracked(Vec::len);
        focus_cell(format!("line-account-{n}"));
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
                let account = resolve_account(book, &text);
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
        let postings = match JournalEntry::postings_from_input(&inputs) {
            Ok(p) => p,
            Err(e) => {
                return error.set(Some(FormError {
                    line: entry_line_of(&e),
                    message: journal_error(&JournalError::Entry(e), locale),
                }))
            }
        };
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
            let book_path = format!("/books/{}", open.id);
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
            match open.write(|b, ctx| delete_draft(b, id, ctx)).await {
                Ok(()) => {
                    toasts.success(i18n.t().draft_deleted.to_string());
                    navigate(
                        &format!("/books/{}/journal", open.id),
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
    let difference_text = move || {
        let d = difference.get();
        if d.is_zero() {
            t().balanced.to_string()
        } else {
            (t().difference)(&format_money(d, currency.get(), i18n.locale()))
        }
    };
    let difference_class = move || {
        if difference.get().is_zero() {
            "kura-entry__difference kura-entry__difference--balanced"
        } else {
            "kura-entry__difference"
        }
    };
    let is_draft = matches!(mode, FormMode::Draft(_));

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
                </table>
            </div>
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
    let row_class = move || {
        if invalid() {
            "kura-lines__row kura-lines__row--invalid"
        } else {
            "kura-lines__row"
        }
    };
    // Picking an account proposes its tax code and shows its full label.
    let on_account_change = move |_| {
        let (Some(text), Some(locale)) = (
            line.account.try_get_untracked(),
            i18n.locale.try_get_untracked(),
        ) else {
            return;
        };
        let Some(picked) = open.book.try_with_untracked(|book| {
            resolve_account(book, &text).and_then(|id| book.account(id).cloned())
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
        if ev.key() == "Enter" && !ev.is_composing() && last {
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
                <super::accounts::TaxSelect id=format!("line-tax-{number}") value=line.tax
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

/// A date as the form's default for "today", from the platform clock.
pub(super) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

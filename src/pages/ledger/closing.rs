//! `/books/<id>/closing`: the year end (決算), step by step. Choose the fiscal
//! year; keep the private-use rules (家事按分); post the year's private-use
//! split; close the year, which carries the profit and 事業主貸・事業主借 into
//! 元入金 and locks the year; see the next year's opening balances.
//!
//! Every figure comes from `kura_core::book::{private_use_preview,
//! year_end_summary}`, which compute exactly what the posting commands post, so
//! what the user checks is what gets written.

use chrono::NaiveDate;
use kura_core::book::{
    close_fiscal_year, delete_private_use_rule, fiscal_year, fiscal_years, private_use_entry,
    private_use_preview, save_private_use_rule, year_end_summary, year_to_close, Book,
    JournalError, PrivateShare, PrivateUseLine, PrivateUseRule, YearEndSummary, YearStatus,
};
use kura_core::ids::RecordId;
use kura_core::ledger::AccountType;
use kura_core::locale::{format_date, Locale};
use kura_core::money::Currency;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;

use crate::app::{use_open_book, WriteError};
use crate::components::{
    account_label, use_toasts, Column, DataTable, Dialog, DialogActions, FormField, Money,
};
use crate::i18n::{journal_error, store_error, use_i18n};
use crate::platform;
use crate::routes::BookScreen;

/// A refused or failed write as a sentence in the user's language.
fn explain(error: &WriteError<JournalError>, locale: Locale) -> String {
    match error {
        WriteError::Invalid(e) => journal_error(e, locale),
        WriteError::Store(e) => store_error(e, locale),
    }
}

/// `111 普通預金`, or nothing for an account that no longer exists.
fn label(book: &Book, account: RecordId, locale: Locale) -> String {
    book.account(account)
        .map(|a| account_label(a, locale))
        .unwrap_or_default()
}

/// `30%`: a share as the user typed it.
fn percent(share: PrivateShare) -> String {
    format!("{}%", share.percent())
}

#[component]
pub fn ClosingPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    // Picked once when the page opens, so closing a year keeps it on screen.
    let chosen = RwSignal::new(open.book.with_untracked(year_to_close).map(|(_, end)| end));
    let year_end = Memo::new(move |_| {
        chosen
            .get()
            .or_else(|| open.book.with(year_to_close).map(|(_, end)| end))
    });
    let steps = move || {
        year_end.get().map(|end| {
            let start = open.book.with_untracked(|b| fiscal_year(b, end).0);
            view! { <YearSteps start end /> }
        })
    };
    view! {
        <div class="kura-page kura-page--wide kura-closing">
            <h1>{move || t().closing_title}</h1>
            <p class="kura-muted">{move || t().closing_intro}</p>
            <YearPicker chosen year_end />
            <RulesSection />
            {steps}
        </div>
    }
}

/// Step 1: the fiscal year, among the years that hold entries.
#[component]
fn YearPicker(
    chosen: RwSignal<Option<NaiveDate>>,
    year_end: Memo<Option<NaiveDate>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let years = Memo::new(move |_| open.book.with(fiscal_years));
    let options = move || {
        let locale = i18n.locale();
        let closed_through = open.book.with(Book::closed_through);
        years
            .get()
            .into_iter()
            .map(|(start, end)| {
                let closed = closed_through.is_some_and(|c| c >= end);
                let text = (t().closing_year_option)(
                    &format_date(start, locale),
                    &format_date(end, locale),
                    closed,
                );
                view! {
                    <option value=end.to_string() selected=move || year_end.get() == Some(end)>{text}</option>
                }
            })
            .collect_view()
    };
    view! {
        <section class="kura-card" aria-labelledby="closing-year-heading">
            <h2 id="closing-year-heading">{move || t().closing_step_year}</h2>
            <Show
                when=move || year_end.with(Option::is_some)
                fallback=move || view! { <p class="kura-muted" data-testid="closing-no-entries">{move || t().closing_no_entries}</p> }
            >
                <FormField label=Signal::derive(move || t().closing_year_label.to_string()) id="closing-year">
                    <select id="closing-year" data-testid="closing-year"
                        prop:value=move || year_end.get().map(|d| d.to_string()).unwrap_or_default()
                        on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                        {options}
                    </select>
                </FormField>
            </Show>
        </section>
    }
}

/// Steps 3 to 5 for one fiscal year: its split, its close, the next year's start.
#[component]
fn YearSteps(start: NaiveDate, end: NaiveDate) -> impl IntoView {
    let open = use_open_book();
    let summary = Memo::new(move |_| open.book.with(|b| year_end_summary(b, end)));
    let preview = Memo::new(move |_| open.book.with(|b| private_use_preview(b, start, end)));
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let status =
        Signal::derive(move || summary.with(|s| s.as_ref().map_or(YearStatus::Open, |s| s.status)));
    let split_due = Signal::derive(move || preview.with(|p| p.iter().any(|l| !l.due.is_zero())));
    view! {
        <SplitSection start end preview status currency />
        <CloseSection end summary split_due currency />
        <OpeningSection end summary currency />
    }
}

// ---- Step 2: the private-use rules ----------------------------------------

/// One rule as the list shows it.
#[derive(Clone, Debug, PartialEq)]
struct RuleRow {
    rule: PrivateUseRule,
    account: String,
}

/// Step 2: the rules, with add, edit and remove.
#[component]
fn RulesSection() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let toasts = use_toasts();
    let t = move || i18n.t();
    // The rule being edited; `Some(None)` adds one.
    let editing = RwSignal::new(None::<Option<PrivateUseRule>>);
    let rows = Signal::derive(move || {
        let locale = i18n.locale();
        open.book.with(|b| {
            let mut rows: Vec<RuleRow> = b
                .private_use_rules()
                .into_iter()
                .map(|r| RuleRow {
                    rule: r.clone(),
                    account: label(b, r.account, locale),
                })
                .collect();
            rows.sort_by(|a, b| a.account.cmp(&b.account));
            rows
        })
    });
    let remove = move |id: RecordId| {
        spawn_local(async move {
            let result = open
                .write(|b, ctx| delete_private_use_rule(b, id, ctx))
                .await;
            match result {
                Ok(()) => toasts.success(i18n.t().closing_rule_deleted.to_string()),
                Err(e) => toasts.error(explain(&e, i18n.locale.get_untracked())),
            }
        });
    };
    let table = move || {
        view! {
            <DataTable
                rows
                columns=rule_columns(editing, remove)
                row_key=|r: &RuleRow| r.rule.id.to_string()
                row_test_id="rule-row"
                label=Signal::derive(move || t().closing_step_rules.to_string())
            />
        }
    };
    view! {
        <section class="kura-card" aria-labelledby="closing-rules-heading">
            <div class="kura-page__head">
                <h2 id="closing-rules-heading">{move || t().closing_step_rules}</h2>
                <button type="button" class="kura-button" data-testid="add-rule"
                    on:click=move |_| editing.set(Some(None))>
                    {move || t().closing_add_rule}
                </button>
            </div>
            <p class="kura-muted">{move || t().closing_rules_intro}</p>
            <Show
                when=move || rows.with(|r| !r.is_empty())
                fallback=move || view! { <p class="kura-muted" data-testid="no-rules">{move || t().closing_rules_empty}</p> }
            >
                {table}
            </Show>
            <RuleDialog editing />
        </section>
    }
}

/// The rules table: account, share, basis, and the edit and remove actions.
fn rule_columns(
    editing: RwSignal<Option<Option<PrivateUseRule>>>,
    remove: impl Fn(RecordId) + Copy + Send + Sync + 'static,
) -> Vec<Column<RuleRow>> {
    let i18n = use_i18n();
    let t = move || i18n.t();
    vec![
        Column::text(
            move || t().line_account.to_string(),
            |r: &RuleRow| r.account.clone(),
        ),
        Column::numeric(
            move || t().closing_share.to_string(),
            |r: &RuleRow| percent(r.rule.private_share),
        ),
        Column::text(
            move || t().closing_rule_basis.to_string(),
            |r: &RuleRow| r.rule.basis.clone(),
        ),
        Column::text(
            move || t().actions_column.to_string(),
            move |r: &RuleRow| {
                let (rule, id) = (r.rule.clone(), r.rule.id);
                view! {
                    <div class="kura-row-actions">
                        <button type="button" class="kura-button" data-testid="edit-rule"
                            on:click=move |_| editing.set(Some(Some(rule.clone())))>
                            {move || t().edit}
                        </button>
                        <button type="button" class="kura-button kura-button--danger" data-testid="delete-rule"
                            on:click=move |_| remove(id)>
                            {move || t().delete}
                        </button>
                    </div>
                }
            },
        ),
    ]
}

/// Which field of the rule form an error belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RuleField {
    Account,
    Share,
    Basis,
    Form,
}

fn field_of(error: &JournalError) -> RuleField {
    use JournalError::*;
    if matches!(error, ShareNotANumber(_) | InvalidPrivateShare) {
        RuleField::Share
    } else if matches!(error, BlankBasis) {
        RuleField::Basis
    } else if matches!(error, NotAnExpense | DuplicateRule | AccountNotFound) {
        RuleField::Account
    } else {
        RuleField::Form
    }
}

/// The inline errors of the rule form, one per field.
#[derive(Clone, Copy)]
struct RuleErrors {
    account: RwSignal<Option<String>>,
    share: RwSignal<Option<String>>,
    basis: RwSignal<Option<String>>,
    form: RwSignal<Option<String>>,
}

impl RuleErrors {
    fn new() -> RuleErrors {
        RuleErrors {
            account: RwSignal::new(None),
            share: RwSignal::new(None),
            basis: RwSignal::new(None),
            form: RwSignal::new(None),
        }
    }

    fn clear(&self) {
        for e in [self.account, self.share, self.basis, self.form] {
            e.set(None);
        }
    }

    fn show(&self, field: RuleField, message: String) {
        let target = match field {
            RuleField::Account => self.account,
            RuleField::Share => self.share,
            RuleField::Basis => self.basis,
            RuleField::Form => self.form,
        };
        target.set(Some(message));
    }
}

/// Adds or edits one rule. The share is checked before anything is written.
#[component]
fn RuleDialog(editing: RwSignal<Option<Option<PrivateUseRule>>>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let book = use_open_book();
    let t = move || i18n.t();
    let open = RwSignal::new(false);
    let id = RwSignal::new(None::<RecordId>);
    let account = RwSignal::new(String::new());
    let share = RwSignal::new(String::new());
    let basis = RwSignal::new(String::new());
    let errors = RuleErrors::new();
    Effect::new(move || {
        if let Some(target) = editing.get() {
            id.set(target.as_ref().map(|r| r.id));
            account.set(
                target
                    .as_ref()
                    .map(|r| r.account.to_string())
                    .unwrap_or_default(),
            );
            share.set(
                target
                    .as_ref()
                    .map(|r| r.private_share.percent().to_string())
                    .unwrap_or_default(),
            );
            basis.set(target.map(|r| r.basis).unwrap_or_default());
            errors.clear();
            open.set(true);
        }
    });
    Effect::new(move || {
        if !open.get() {
            editing.set(None);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let locale = i18n.locale.get_untracked();
        let Ok(account) = account.get_untracked().parse::<RecordId>() else {
            return errors.show(RuleField::Account, t().closing_choose_account.to_string());
        };
        let private_share = match PrivateShare::parse_percent(&share.get_untracked()) {
            Ok(s) => s,
            Err(e) => return errors.show(field_of(&e), journal_error(&e, locale)),
        };
        let rule = PrivateUseRule {
            id: id.get_untracked().unwrap_or_else(platform::new_id),
            account,
            private_share,
            basis: basis.get_untracked(),
        };
        spawn_local(async move {
            match book
                .write(|b, ctx| save_private_use_rule(b, rule, ctx))
                .await
            {
                Ok(()) => {
                    open.set(false);
                    toasts.success(i18n.t().closing_rule_saved.to_string());
                }
                Err(WriteError::Invalid(e)) => errors.show(field_of(&e), journal_error(&e, locale)),
                Err(e) => errors.show(RuleField::Form, explain(&e, locale)),
            }
        });
    };
    let expenses = move || {
        let locale = i18n.locale();
        book.book.with(|b| {
            b.accounts()
                .into_iter()
                .filter(|a| a.kind == AccountType::Expense && !a.archived)
                .map(|a| {
                    let value = a.id.to_string();
                    let selected = value.clone();
                    view! {
                        <option value=value selected=move || account.get() == selected>{account_label(a, locale)}</option>
                    }
                })
                .collect_view()
        })
    };
    let title = Signal::derive(move || {
        if id.get().is_some() {
            t().closing_edit_rule
        } else {
            t().closing_add_rule
        }
        .to_string()
    });
    view! {
        <Dialog open title test_id="rule-dialog">
            <form class="kura-form" on:submit=submit novalidate>
                <p class="kura-error" role="alert" data-testid="rule-error" hidden=move || errors.form.with(Option::is_none)>
                    {move || errors.form.get()}
                </p>
                <FormField label=Signal::derive(move || t().line_account.to_string()) id="rule-account" error=errors.account>
                    <select id="rule-account" data-testid="rule-account" prop:value=move || account.get()
                        on:change=move |ev| account.set(event_target_value(&ev))>
                        <option value="">{move || t().closing_choose_account}</option>
                        {expenses}
                    </select>
                </FormField>
                <FormField
                    label=Signal::derive(move || t().closing_rule_share.to_string())
                    id="rule-share"
                    hint=Signal::derive(move || Some(t().closing_rule_share_hint.to_string()))
                    error=errors.share
                >
                    <input id="rule-share" data-testid="rule-share" type="text" inputmode="decimal"
                        class="kura-input--short" autocomplete="off" bind:value=share />
                </FormField>
                <FormField
                    label=Signal::derive(move || t().closing_rule_basis.to_string())
                    id="rule-basis"
                    hint=Signal::derive(move || Some(t().closing_rule_basis_hint.to_string()))
                    error=errors.basis
                >
                    <input id="rule-basis" data-testid="rule-basis" type="text" autocomplete="off" bind:value=basis />
                </FormField>
                <DialogActions open label=Signal::derive(move || t().save) test_id="save-rule" />
            </form>
        </Dialog>
    }
}

// ---- Step 3: the private-use split ----------------------------------------

/// Where the year's private-use split stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SplitState {
    NoRules,
    /// Something is due, but the year is closed: nothing more can be dated in it.
    Closed,
    /// Something is still to move.
    Due,
    /// Everything due is posted.
    Done,
    /// The rules' accounts have no spending in the year.
    Nothing,
}

fn split_state(lines: &[PrivateUseLine], status: YearStatus) -> SplitState {
    let due = lines.iter().any(|l| !l.due.is_zero());
    let moved = lines.iter().any(|l| !l.moved.is_zero());
    match (lines.is_empty(), due, status == YearStatus::Open, moved) {
        (true, ..) => SplitState::NoRules,
        (false, true, true, _) => SplitState::Due,
        (false, true, false, _) => SplitState::Closed,
        (false, false, _, true) => SplitState::Done,
        (false, false, _, false) => SplitState::Nothing,
    }
}

/// One rule's figures as the preview shows them.
#[derive(Clone, Debug, PartialEq)]
struct SplitRow {
    line: PrivateUseLine,
    account: String,
}

/// Step 3: what the rules move to 事業主貸 this year, and posting it.
#[component]
fn SplitSection(
    start: NaiveDate,
    end: NaiveDate,
    preview: Memo<Vec<PrivateUseLine>>,
    status: Signal<YearStatus>,
    currency: Signal<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let toasts = use_toasts();
    let t = move || i18n.t();
    let error = RwSignal::new(None::<String>);
    let state = Memo::new(move |_| preview.with(|p| split_state(p, status.get())));
    let rows = Signal::derive(move || {
        let locale = i18n.locale();
        open.book.with(|b| {
            let lines = preview.get().into_iter();
            lines
                .map(|line| SplitRow {
                    account: label(b, line.account, locale),
                    line,
                })
                .collect::<Vec<_>>()
        })
    });
    let total = Signal::derive(move || preview.with(|p| p.iter().map(|l| l.due).sum::<Decimal>()));
    let moved =
        Signal::derive(move || preview.with(|p| p.iter().map(|l| l.moved).sum::<Decimal>()));
    let post = move |_| {
        error.set(None);
        let rules: Vec<RecordId> = preview.with_untracked(|p| p.iter().map(|l| l.rule).collect());
        spawn_local(async move {
            let entry = platform::new_id();
            let made = |b: &Book, ctx| private_use_entry(b, &rules, start, end, entry, ctx);
            match open.write(made).await {
                Ok(()) => toasts.success(i18n.t().closing_split_posted.to_string()),
                Err(e) => error.set(Some(explain(&e, i18n.locale.get_untracked()))),
            }
        });
    };
    let table = move || {
        view! {
            <DataTable
                rows
                columns=split_columns(currency)
                row_key=|r: &SplitRow| r.line.rule.to_string()
                row_test_id="split-row"
                label=Signal::derive(move || t().closing_step_split.to_string())
            />
        }
    };
    let note = move || {
        let (text, class) = match state.get() {
            SplitState::NoRules => (t().closing_split_no_rules, "kura-muted"),
            SplitState::Closed => (t().closing_split_locked, "kura-muted"),
            SplitState::Due => (t().closing_split_due, "kura-muted"),
            SplitState::Done => (t().closing_split_done, "kura-closing__done"),
            SplitState::Nothing => (t().closing_split_nothing, "kura-muted"),
        };
        view! { <p class=class data-testid="split-status">{text}</p> }
    };
    view! {
        <section class="kura-card" aria-labelledby="closing-split-heading">
            <h2 id="closing-split-heading">{move || t().closing_step_split}</h2>
            <p class="kura-muted">{move || (t().closing_split_intro)(&format_date(end, i18n.locale()))}</p>
            <Show when=move || state.get() != SplitState::NoRules>
                {table}
                <table class="kura-table kura-closing__figures">
                    <tbody>
                        <tr>
                            <th scope="row">{move || t().closing_split_moved}</th>
                            <td class="kura-num" data-testid="split-moved"><Money amount=moved currency /></td>
                        </tr>
                        <tr>
                            <th scope="row">{move || t().closing_split_total}</th>
                            <td class="kura-num" data-testid="split-total"><Money amount=total currency /></td>
                        </tr>
                    </tbody>
                </table>
            </Show>
            {note}
            <p class="kura-error" role="alert" data-testid="split-error" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
            <div class="kura-closing__actions">
                <button type="button" class="kura-button kura-button--primary" data-testid="post-split"
                    disabled=move || state.get() != SplitState::Due on:click=post>
                    {move || t().closing_post_split}
                </button>
            </div>
        </section>
    }
}

/// The preview table: per rule, the spending, the share, the private part,
/// what is already moved and what this split moves.
fn split_columns(currency: Signal<Currency>) -> Vec<Column<SplitRow>> {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let money = move |amount: Decimal| view! { <Money amount currency /> };
    vec![
        Column::text(
            move || t().line_account.to_string(),
            |r: &SplitRow| r.account.clone(),
        ),
        Column::numeric(
            move || t().closing_spent.to_string(),
            move |r: &SplitRow| money(r.line.spent),
        ),
        Column::numeric(
            move || t().closing_share.to_string(),
            |r: &SplitRow| percent(r.line.share),
        ),
        Column::numeric(
            move || t().closing_private.to_string(),
            move |r: &SplitRow| money(r.line.private),
        ),
        Column::numeric(
            move || t().closing_moved.to_string(),
            move |r: &SplitRow| money(r.line.moved),
        ),
        Column::numeric(
            move || t().closing_due.to_string(),
            move |r: &SplitRow| money(r.line.due),
        ),
        Column::text(
            move || t().closing_rule_basis.to_string(),
            |r: &SplitRow| r.line.basis.clone(),
        ),
    ]
}

// ---- Step 4: the close ---------------------------------------------------

/// Step 4: what the close carries into 元入金, and closing the year.
#[component]
fn CloseSection(
    end: NaiveDate,
    summary: Memo<Result<YearEndSummary, JournalError>>,
    split_due: Signal<bool>,
    currency: Signal<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let confirming = RwSignal::new(false);
    let next_day = end.succ_opt().unwrap_or(end);
    let body = move || {
        let locale = i18n.locale();
        match summary.get() {
            Err(e) => view! {
                <p class="kura-error" role="alert" data-testid="close-error">{journal_error(&e, locale)}</p>
            }
            .into_any(),
            Ok(s) => view! { <CloseFigures summary=s split_due confirming currency /> }.into_any(),
        }
    };
    view! {
        <section class="kura-card" aria-labelledby="closing-close-heading">
            <h2 id="closing-close-heading">{move || t().closing_step_close}</h2>
            <p class="kura-muted">{move || (t().closing_close_intro)(&format_date(next_day, i18n.locale()))}</p>
            {body}
            <CloseDialog end open=confirming />
        </section>
    }
}

/// The close's figures as a sum the user can check by hand, and the action.
#[component]
fn CloseFigures(
    summary: YearEndSummary,
    split_due: Signal<bool>,
    confirming: RwSignal<bool>,
    currency: Signal<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let s = summary;
    let row = move |sign: &'static str,
                    text: fn(&crate::i18n::Messages) -> &'static str,
                    amount: Decimal,
                    test_id: &'static str| {
        view! {
            <tr>
                <th scope="row"><span class="kura-closing__sign" aria-hidden="true">{sign}</span>{move || text(t())}</th>
                <td class="kura-num" data-testid=test_id><Money amount currency /></td>
            </tr>
        }
    };
    // With retained earnings in the chart, the profit is not part of 元入金's sum.
    let (profit_sign, profit_apart) = if s.profit_into_capital {
        ("+", false)
    } else {
        ("", true)
    };
    let profit = row(profit_sign, |t| t.closing_profit, s.profit, "close-profit");
    let (apart, inside) = if profit_apart {
        (Some(profit), None)
    } else {
        (None, Some(profit))
    };
    let action = match s.status {
        YearStatus::Open => view! {
            <Show when=move || split_due.get()>
                <p class="kura-closing__warning" data-testid="split-pending">{move || t().closing_split_pending}</p>
            </Show>
            <div class="kura-closing__actions">
                <button type="button" class="kura-button kura-button--primary" data-testid="close-year"
                    on:click=move |_| confirming.set(true)>
                    {move || t().closing_close_year}
                </button>
            </div>
        }
        .into_any(),
        YearStatus::LockedNotClosed => view! {
            <p class="kura-closing__warning" data-testid="close-status">
                {move || t().closing_status_locked} " "
                <a href=BookScreen::Journal.path(open.id)>{move || t().closing_to_journal}</a>
            </p>
        }
        .into_any(),
        YearStatus::Closed => view! {
            <p class="kura-closing__done" data-testid="close-status">{move || t().closing_status_closed}</p>
        }
        .into_any(),
    };
    view! {
        <table class="kura-table kura-closing__figures" aria-label=move || t().closing_step_close>
            <tbody>
                {apart}
                {row("", |t| t.closing_capital_before, s.capital_before, "close-capital-before")}
                {row("+", |t| t.closing_contributions, s.contributions, "close-contributions")}
                {row("−", |t| t.closing_drawings, s.drawings, "close-drawings")}
                {inside}
                <tr class="kura-closing__result">
                    <th scope="row"><span class="kura-closing__sign" aria-hidden="true">"="</span>{move || t().closing_capital_after}</th>
                    <td class="kura-num" data-testid="close-capital-after"><Money amount=s.capital_after currency /></td>
                </tr>
            </tbody>
        </table>
        {action}
    }
}

/// Confirms the close: it posts the opening entry and locks the year.
#[component]
fn CloseDialog(end: NaiveDate, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let book = use_open_book();
    let t = move || i18n.t();
    let error = RwSignal::new(None::<String>);
    let next_day = end.succ_opt().unwrap_or(end);
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        spawn_local(async move {
            let close = |b: &Book, ctx| close_fiscal_year(b, end, &mut platform::new_id, ctx);
            match book.write(close).await {
                Ok(()) => {
                    open.set(false);
                    toasts.success(i18n.t().closing_closed_toast.to_string());
                }
                Err(e) => error.set(Some(explain(&e, i18n.locale.get_untracked()))),
            }
        });
    };
    let text = move || {
        let locale = i18n.locale();
        (t().closing_confirm_text)(&format_date(end, locale), &format_date(next_day, locale))
    };
    view! {
        <Dialog open title=Signal::derive(move || t().closing_confirm_title.to_string()) test_id="close-dialog">
            <form class="kura-form" on:submit=confirm novalidate>
                <p>{text}</p>
                <p class="kura-error" role="alert" data-testid="close-dialog-error" hidden=move || error.with(Option::is_none)>
                    {move || error.get()}
                </p>
                <DialogActions open label=Signal::derive(move || t().closing_close_year) test_id="confirm-close" />
            </form>
        </Dialog>
    }
}

// ---- Step 5: the next year's opening balances -----------------------------

/// One opening balance as the table shows it.
#[derive(Clone, Debug, PartialEq)]
struct OpeningRow {
    account: RecordId,
    code: String,
    name: String,
    kind: AccountType,
    amount: Decimal,
}

/// Step 5: the balances the next year opens with, before the close as a
/// preview, after it as the result.
#[component]
fn OpeningSection(
    end: NaiveDate,
    summary: Memo<Result<YearEndSummary, JournalError>>,
    currency: Signal<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let t = move || i18n.t();
    let next_day = end.succ_opt().unwrap_or(end);
    let rows = Signal::derive(move || {
        let locale = i18n.locale();
        let opening = summary.with(|s| s.as_ref().map(|s| s.opening.clone()).unwrap_or_default());
        open.book.with(|b| {
            let rows = opening.into_iter().filter_map(|o| {
                let a = b.account(o.account)?;
                Some(OpeningRow {
                    account: a.id,
                    code: a.code.clone(),
                    name: a.name(locale).to_string(),
                    kind: a.kind,
                    amount: o.amount,
                })
            });
            rows.collect::<Vec<_>>()
        })
    });
    let closed = move || summary.with(|s| matches!(s, Ok(s) if s.status == YearStatus::Closed));
    let intro = move || {
        let day = format_date(next_day, i18n.locale());
        if closed() {
            (t().closing_opening_done)(&day)
        } else {
            (t().closing_opening_preview)(&day)
        }
    };
    let columns = vec![
        Column::text(
            move || t().account_code.to_string(),
            |r: &OpeningRow| {
                view! { <span class="kura-code">{r.code.clone()}</span> }
            },
        ),
        Column::text(
            move || t().account_name.to_string(),
            |r: &OpeningRow| r.name.clone(),
        ),
        Column::text(
            move || t().account_type.to_string(),
            move |r: &OpeningRow| {
                let kind = r.kind;
                move || (t().account_type_name)(kind)
            },
        ),
        Column::numeric(
            move || t().rep_amount.to_string(),
            move |r: &OpeningRow| {
                view! { <Money amount=r.amount currency /> }
            },
        ),
    ];
    view! {
        <section class="kura-card" aria-labelledby="closing-opening-heading">
            <h2 id="closing-opening-heading">{move || t().closing_step_opening}</h2>
            <p class="kura-muted" data-testid="opening-intro">{intro}</p>
            <DataTable
                rows
                columns
                row_key=|r: &OpeningRow| r.account.to_string()
                row_test_id="opening-row"
                label=Signal::derive(move || t().closing_step_opening.to_string())
            />
        </section>
    }
}

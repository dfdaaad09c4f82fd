//! `/books/<id>/journal/quick`: quick entry for people who do not think in debits
//! and credits. Pick what happened, the account and the amount; the page shows
//! the double entry it makes (cash and bank found by their `AccountRole`) and
//! posts it through the same core command as the full form. The amount is what
//! was paid or received; in a tax-exclusive book the core splits its tax out
//! (`kura_core::ledger::split_gross`, built on the entry form's `split_tax`).

use chrono::NaiveDate;
use kura_core::book::{save_entry, Book};
use kura_core::ids::RecordId;
use kura_core::ledger::{
    split_gross, tax_postings, Account, AccountRole, AccountType, EntryError, EntryHeader,
    EntryStatus, JournalEntry, Posting, PostingInput, TaxRules, TaxSplitError,
};
use kura_core::locale::format_money;
use kura_core::money::{parse_amount, AmountError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use rust_decimal::Decimal;

use crate::app::{use_open_book, WriteError};
use crate::components::{account_label, use_toasts, DateInput, FormField};
use crate::i18n::{
    amount_error, entry_error, journal_error, store_error, tax_split_error, use_i18n, Messages,
};
use crate::platform;
use crate::platform::today;
use crate::routes::BookScreen;

/// The common cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    ExpenseCash,
    ExpenseBank,
    SaleCash,
    SaleBank,
    Drawing,
}

const KINDS: [Kind; 5] = [
    Kind::ExpenseCash,
    Kind::ExpenseBank,
    Kind::SaleCash,
    Kind::SaleBank,
    Kind::Drawing,
];

impl Kind {
    fn value(self) -> &'static str {
        match self {
            Kind::ExpenseCash => "expense-cash",
            Kind::ExpenseBank => "expense-bank",
            Kind::SaleCash => "sale-cash",
            Kind::SaleBank => "sale-bank",
            Kind::Drawing => "drawing",
        }
    }

    fn from_value(value: &str) -> Kind {
        KINDS
            .into_iter()
            .find(|k| k.value() == value)
            .unwrap_or(Kind::ExpenseCash)
    }

    fn label(self, t: &Messages) -> &'static str {
        match self {
            Kind::ExpenseCash => t.quick_expense_cash,
            Kind::ExpenseBank => t.quick_expense_bank,
            Kind::SaleCash => t.quick_sale_cash,
            Kind::SaleBank => t.quick_sale_bank,
            Kind::Drawing => t.quick_drawing,
        }
    }

    /// What the user picks: the expense, the revenue, or where the money came from.
    fn picks(self, account: &Account) -> bool {
        !account.archived
            && match self {
                Kind::ExpenseCash | Kind::ExpenseBank => account.kind == AccountType::Expense,
                Kind::SaleCash | Kind::SaleBank => account.kind == AccountType::Revenue,
                Kind::Drawing => {
                    matches!(account.role, Some(AccountRole::Cash | AccountRole::Bank))
                }
            }
    }

    fn pick_label(self, t: &Messages) -> &'static str {
        match self {
            Kind::ExpenseCash | Kind::ExpenseBank => t.quick_expense_account,
            Kind::SaleCash | Kind::SaleBank => t.quick_revenue_account,
            Kind::Drawing => t.quick_paid_from,
        }
    }

    /// The account the kind itself implies.
    fn fixed_role(self) -> AccountRole {
        match self {
            Kind::ExpenseCash | Kind::SaleCash => AccountRole::Cash,
            Kind::ExpenseBank | Kind::SaleBank => AccountRole::Bank,
            Kind::Drawing => AccountRole::OwnerDrawings,
        }
    }
}

/// The first live account with a role.
fn by_role(book: &Book, role: AccountRole) -> Option<&Account> {
    book.accounts()
        .into_iter()
        .find(|a| !a.archived && a.role == Some(role))
}

/// Why the quick entry cannot make its lines.
#[derive(Clone, Debug, PartialEq)]
enum Problem {
    /// The chart has no account with the role the kind needs.
    MissingRole(AccountRole),
    Entry(EntryError),
    Tax(TaxSplitError),
}

/// The lines the quick entry makes. The picked account's line holds the whole
/// amount; in a tax-exclusive book its tax is split out of it.
fn build(
    book: &Book,
    kind: Kind,
    picked: RecordId,
    amount: Decimal,
    date: NaiveDate,
) -> Result<Vec<Posting>, Problem> {
    let role = kind.fixed_role();
    let fixed = by_role(book, role).ok_or(Problem::MissingRole(role))?.id;
    let line = |account: RecordId, debit: bool| PostingInput {
        account: Some(account),
        debit: if debit { amount } else { Decimal::ZERO },
        credit: if debit { Decimal::ZERO } else { amount },
        tax_code: book.account(account).and_then(|a| a.default_tax),
        memo: String::new(),
    };
    let inputs = match kind {
        Kind::ExpenseCash | Kind::ExpenseBank => [line(picked, true), line(fixed, false)],
        // A sale debits the cash or bank; a drawing debits the owner's drawings
        // account and credits the source.
        Kind::SaleCash | Kind::SaleBank | Kind::Drawing => [line(fixed, true), line(picked, false)],
    };
    let lines = JournalEntry::postings_from_input(&inputs).map_err(Problem::Entry)?;
    let rules = TaxRules::for_book(book);
    let chart = book.accounts();
    let mut out = Vec::new();
    for line in lines {
        if line.account == picked {
            let (base, tax) = split_gross(&line, date, &rules, &chart).map_err(Problem::Tax)?;
            out.push(base);
            out.extend(tax_postings(&tax));
        } else {
            out.push(line);
        }
    }
    Ok(out)
}

#[component]
pub fn QuickEntryPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = use_open_book();
    let navigate = use_navigate();
    let t = move || i18n.t();
    let kind = RwSignal::new(Kind::ExpenseCash);
    let account = RwSignal::new(String::new());
    let amount_text = RwSignal::new(String::new());
    let date = RwSignal::new(Some(today()));
    let date_error = RwSignal::new(None::<String>);
    let description = RwSignal::new(String::new());
    let partner = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let currency = Memo::new(move |_| open.book.with(|b| b.currency()));

    let choices = move || {
        let k = kind.get();
        let locale = i18n.locale();
        open.book.with(|b| {
            b.accounts()
                .into_iter()
                .filter(|a| k.picks(a))
                .map(|a| (a.id.to_string(), account_label(a, locale)))
                .collect::<Vec<_>>()
        })
    };
    let amount = Memo::new(move |_| parse_amount(&amount_text.get(), currency.get()));
    // The lines to post, or why there are none yet.
    let preview = Memo::new(move |_| {
        let picked: Option<RecordId> = account.get().parse().ok();
        let (Some(p), Ok(a), Some(day)) = (picked, amount.get(), date.get()) else {
            return None;
        };
        let k = kind.get();
        Some(open.book.with(|b| build(b, k, p, a, day)))
    });
    let problem_text = move |problem: &Problem, locale| match problem {
        Problem::MissingRole(role) => (t().quick_missing_role)((t().account_role_name)(*role)),
        Problem::Entry(e) => entry_error(e, locale),
        Problem::Tax(e) => tax_split_error(e, locale),
    };
    let preview_rows = move || {
        let locale = i18n.locale();
        match preview.get() {
            None => None,
            Some(Err(problem)) => Some(
                view! {
                    <p class="kura-error" role="alert" data-testid="quick-problem">
                        {problem_text(&problem, locale)}
                    </p>
                }
                .into_any(),
            ),
            Some(Ok(lines)) => {
                let rows = open.book.with(|b| {
                    lines
                        .iter()
                        .map(|l| {
                            let name = b
                                .account(l.account)
                                .map(|a| account_label(a, locale))
                                .unwrap_or_default();
                            let cur = b.currency();
                            let cell = |v: Decimal| {
                                if v.is_zero() {
                                    String::new()
                                } else {
                                    format_money(v, cur, locale)
                                }
                            };
                            let badge = l.tax_part.map(|_| {
                                view! { <span class="kura-tax-line__badge">{t().tax_line_badge}</span> }
                            });
                            view! {
                                <tr data-testid="quick-line">
                                    <td>{badge}{name}</td>
                                    <td class="kura-table__cell--numeric">{cell(l.amount.max(Decimal::ZERO))}</td>
                                    <td class="kura-table__cell--numeric">{cell((-l.amount).max(Decimal::ZERO))}</td>
                                    <td>{l.tax_code.map(|c| (t().tax_code_name)(c)).unwrap_or("")}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                });
                Some(
                    view! {
                        <div class="kura-table-wrap">
                            <table class="kura-table kura-lines" aria-label=move || t().quick_preview>
                                <thead>
                                    <tr>
                                        <th scope="col">{t().line_account}</th>
                                        <th scope="col" class="kura-table__header--numeric">{t().line_debit}</th>
                                        <th scope="col" class="kura-table__header--numeric">{t().line_credit}</th>
                                        <th scope="col">{t().line_tax}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                )
            }
        }
    };
    let amount_message = move || match amount.get() {
        Err(AmountError::Empty) | Ok(_) => None,
        Err(e) => Some(amount_error(&e, i18n.locale())),
    };

    let post = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale.get_untracked();
        let Some(day): Option<NaiveDate> = date.get_untracked() else {
            date_error.set(Some(i18n.t().date_invalid.to_string()));
            return;
        };
        let postings = match preview.get_untracked() {
            Some(Ok(lines)) => lines,
            Some(Err(_)) => return,
            None => {
                error.set(Some(match amount.get_untracked() {
                    Err(e) => amount_error(&e, locale),
                    Ok(_) => i18n.t().choose.to_string(),
                }));
                return;
            }
        };
        let partner_text = partner.get_untracked();
        let kind_label = kind.get_untracked().label(i18n.t());
        let typed = description.get_untracked();
        let header = EntryHeader {
            id: platform::new_id(),
            date: day,
            description: if typed.trim().is_empty() {
                kind_label.to_string()
            } else {
                typed
            },
            partner: Some(partner_text).filter(|p| !p.trim().is_empty()),
            status: EntryStatus::Posted,
            corrects: None,
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match open
                .write(|b, ctx| save_entry(b, header, postings, ctx))
                .await
            {
                Ok(()) => {
                    toasts.success(i18n.t().entry_posted.to_string());
                    navigate(
                        &BookScreen::Journal.path(open.id),
                        NavigateOptions::default(),
                    );
                }
                Err(WriteError::Invalid(e)) => error.set(Some(journal_error(&e, locale))),
                Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
            }
        });
    };

    view! {
        <div class="kura-page">
            <section class="kura-card">
                <h1>{move || t().quick_title}</h1>
                <p class="kura-muted">{move || t().quick_intro}</p>
                <form class="kura-form" on:submit=post novalidate>
                    <FormField label=Signal::derive(move || t().quick_kind.to_string()) id="quick-kind">
                        <select id="quick-kind" data-testid="quick-kind"
                            on:change=move |ev| {
                                kind.set(Kind::from_value(&event_target_value(&ev)));
                                account.set(String::new());
                            }>
                            {KINDS
                                .into_iter()
                                .map(|k| view! {
                                    <option value=k.value() selected=move || kind.get() == k>{move || k.label(t())}</option>
                                })
                                .collect_view()}
                        </select>
                    </FormField>
                    <FormField label=Signal::derive(move || kind.get().pick_label(t()).to_string()) id="quick-account">
                        <select id="quick-account" data-testid="quick-account"
                            on:change=move |ev| account.set(event_target_value(&ev))>
                            <option value="" selected=move || account.with(String::is_empty)>{move || t().choose}</option>
                            {move || {
                                choices()
                                    .into_iter()
                                    .map(|(value, label)| {
                                        let selected = value.clone();
                                        view! { <option value=value selected=move || account.get() == selected>{label}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </FormField>
                    <FormField label=Signal::derive(move || t().quick_amount.to_string()) id="quick-amount"
                        error=Signal::derive(amount_message)>
                        <input id="quick-amount" type="text" inputmode="decimal" class="kura-input--amount"
                            autocomplete="off" data-testid="quick-amount" bind:value=amount_text />
                    </FormField>
                    <FormField label=Signal::derive(move || t().entry_date.to_string()) id="quick-date" error=date_error>
                        <DateInput id="quick-date" value=date error=date_error />
                    </FormField>
                    <FormField label=Signal::derive(move || t().entry_description.to_string()) id="quick-description">
                        <input id="quick-description" type="text" autocomplete="off" data-testid="quick-description"
                            bind:value=description />
                    </FormField>
                    <FormField label=Signal::derive(move || t().entry_partner.to_string()) id="quick-partner">
                        <input id="quick-partner" type="text" autocomplete="off" bind:value=partner />
                    </FormField>
                    <section aria-labelledby="quick-preview-heading">
                        <h2 id="quick-preview-heading">{move || t().quick_preview}</h2>
                        <div data-testid="quick-preview">{preview_rows}</div>
                    </section>
                    <p class="kura-error" role="alert" data-testid="quick-error" hidden=move || error.with(Option::is_none)>
                        {move || error.get()}
                    </p>
                    <div class="kura-form__actions">
                        <button type="submit" class="kura-button kura-button--primary" data-testid="quick-post">
                            {move || t().post_entry}
                        </button>
                    </div>
                </form>
            </section>
        </div>
    }
}

//! `/books/<id>/bank`: bank and card statements: import, map columns, confirm
//! proposed entries, rules.
//!
//! The page holds the chosen file's rows and the column mapping; everything
//! else is computed from them and the book (`kura_core::files::bank`): the
//! lines, which of them are new, what each is proposed to become, the balance
//! check. After a confirm commits, the confirmed lines are imported, so the same
//! computation leaves them out. Nothing is written but the one change set of a
//! confirm and the rules the user adds or removes.

use std::collections::{HashMap, HashSet};

use kura_core::book::Book;
use kura_core::files::bank::{
    balance_check, confirm_lines, delete_rule, load_statement, parse_statement, propose, save_rule,
    statement_mapping, Assignment, BankError, BankRule, Confirmation, Proposal, ProposalSource,
    ProposedLine, StatementColumn, StatementLine, STATEMENT_COLUMNS,
};
use kura_core::files::table::{ColumnMapping, Field, Table};
use kura_core::files::text::MAX_TEXT_BYTES;
use kura_core::files::{capped, Problems};
use kura_core::ids::RecordId;
use kura_core::ledger::TaxCode;
use kura_core::locale::format_date;
use kura_core::money::Currency;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use crate::app::{use_open_book, OpenBook, WriteError};
use crate::components::{
    account_label, use_toasts, ColumnMappingStep, FilesTab, FilesTabs, MappedField, Money,
};
use crate::i18n::{bank_error, problem_text, store_error, use_i18n, I18n};
use crate::platform;
use kura_core::trade::{default_money_account, money_accounts};

/// What the user changed on a line: its account and tax code.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LineChoice {
    account: Option<RecordId>,
    tax: Option<TaxCode>,
}

/// The page's state: the account, the file's rows, the mapping, and the user's
/// choices per line (keyed by the line's number in the file).
#[derive(Clone, Copy)]
struct Import {
    account: RwSignal<Option<RecordId>>,
    table: RwSignal<Option<Table>>,
    file_problems: RwSignal<Problems>,
    mapping: RwSignal<ColumnMapping<StatementColumn>>,
    choices: RwSignal<HashMap<usize, LineChoice>>,
    unchecked: RwSignal<HashSet<usize>>,
    error: RwSignal<Option<WriteError<BankError>>>,
}

impl Import {
    /// Starts over with a new mapping (another file or another account).
    fn reset_mapping(&self, book: &Book) {
        let account = self.account.get_untracked();
        let mapping = self.table.with_untracked(|table| match (account, table) {
            (Some(account), Some(table)) => statement_mapping(book, account, table),
            _ => ColumnMapping {
                columns: Vec::new(),
                header_rows: 0,
            },
        });
        self.mapping.set(mapping);
        self.choices.set(HashMap::new());
        self.unchecked.set(HashSet::new());
        self.error.set(None);
    }
}

/// What a line is confirmed as: the user's account if they chose one, else
/// the proposal; `None` while nothing is assigned.
fn assignment(line: &ProposedLine, choice: Option<&LineChoice>) -> Option<Assignment> {
    if let Some(account) = choice.and_then(|c| c.account) {
        return Some(Assignment::Account {
            account,
            tax_code: choice.and_then(|c| c.tax),
            partner: None,
        });
    }
    match line.proposal {
        Proposal::Document { document, .. } => Some(Assignment::Document { document }),
        Proposal::Account {
            account,
            tax_code,
            partner,
            ..
        } => Some(Assignment::Account {
            account,
            tax_code,
            partner,
        }),
        Proposal::Unassigned => None,
    }
}

/// A problem's field names in the user's language.
fn field_label(i18n: I18n) -> impl Fn(&str) -> String {
    move |name: &str| {
        STATEMENT_COLUMNS
            .iter()
            .find(|c| c.name() == name)
            .map_or_else(
                || name.to_string(),
                |c| (i18n.t().bank_col_name)(*c).to_string(),
            )
    }
}

#[component]
pub fn BankImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let state = Import {
        account: RwSignal::new(open.book.with_untracked(default_money_account)),
        table: RwSignal::new(None),
        file_problems: RwSignal::new(Vec::new()),
        mapping: RwSignal::new(ColumnMapping {
            columns: Vec::new(),
            header_rows: 0,
        }),
        choices: RwSignal::new(HashMap::new()),
        unchecked: RwSignal::new(HashSet::new()),
        error: RwSignal::new(None),
    };
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let parsed = Memo::new(move |_| {
        state.table.with(|table| {
            table
                .as_ref()
                .map(|t| parse_statement(t, &state.mapping.get(), currency.get()))
        })
    });
    let lines = Signal::derive(move || parsed.with(|p| p.clone().and_then(Result::ok)));
    view! {
        <div class="kura-page kura-bank" data-testid="bank-page">
            <FilesTabs current=FilesTab::Bank />
            <h1>{move || t().bank_title}</h1>
            <p class="kura-muted">{move || t().bank_intro}</p>
            <Source state />
            <ProblemList state parsed />
            <Show when=move || state.table.with(Option::is_some)>
                <MappingStep state />
            </Show>
            {move || lines.get().map(|lines| view! {
                <ProposalTable state lines=lines.clone() currency />
                <BalanceLine state lines currency />
            })}
            <RulesEditor />
        </div>
    }
}

/// The account and the file.
#[component]
fn Source(state: Import) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let accounts = move || {
        let locale = i18n.locale();
        let accounts: Vec<(RecordId, String)> = open.book.with(|b| {
            money_accounts(b)
                .into_iter()
                .map(|a| (a.id, account_label(a, locale)))
                .collect()
        });
        accounts
            .into_iter()
            .map(|(id, label)| {
                view! { <option value=id.to_string() selected=move || state.account.get() == Some(id)>{label}</option> }
            })
            .collect_view()
    };
    let on_account = move |ev| {
        state.account.set(event_target_value(&ev).parse().ok());
        open.book.with_untracked(|b| state.reset_mapping(b));
    };
    let on_file = move |ev: leptos::ev::Event| {
        let target: HtmlInputElement = event_target(&ev);
        let Some(file) = platform::chosen_file(&target) else {
            return;
        };
        target.set_value("");
        spawn_local(async move {
            let table = match platform::file_bytes_within(&file, MAX_TEXT_BYTES).await {
                Ok(bytes) => load_statement(&bytes),
                Err(too_large) => Err(vec![too_large]),
            };
            load(open, state, table);
        });
    };
    view! {
        <section class="kura-card kura-bank__source">
            <div class="kura-field">
                <label class="kura-field__label" for="bank-account">{move || t().bank_account_label}</label>
                <select id="bank-account" data-testid="bank-account" on:change=on_account>
                    <option value="" selected=move || state.account.get().is_none()>{move || t().bank_choose_account}</option>
                    {accounts}
                </select>
            </div>
            <div class="kura-field">
                <label class="kura-field__label" for="bank-file">{move || t().bank_file_label}</label>
                <input id="bank-file" type="file" accept=".csv,.txt,text/csv" data-testid="bank-file" on:change=on_file />
            </div>
        </section>
    }
}

/// A chosen file's rows (or the problems of a file that is not a table).
fn load(open: OpenBook, state: Import, table: Result<Table, Problems>) {
    match table {
        Ok(table) => {
            state.file_problems.set(Vec::new());
            state.table.set(Some(table));
        }
        Err(problems) => {
            state.file_problems.set(problems);
            state.table.set(None);
        }
    }
    open.book.with_untracked(|b| state.reset_mapping(b));
}

/// Why the file cannot be imported, line by line.
#[component]
fn ProblemList(
    state: Import,
    parsed: Memo<Option<Result<Vec<StatementLine>, Problems>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let problems = move || {
        let mut all = state.file_problems.get();
        parsed.with(|p| {
            if let Some(Err(found)) = p {
                all.extend(found.iter().cloned());
            }
        });
        capped(all)
    };
    let items = move || {
        let locale = i18n.locale();
        let label = field_label(i18n);
        problems()
            .iter()
            .map(|p| view! { <li>{problem_text(p, locale, &label)}</li> })
            .collect_view()
    };
    view! {
        <Show when=move || !problems().is_empty()>
            <section class="kura-card kura-bank__problems" role="alert" data-testid="bank-problems">
                <h2>{move || t().bank_problems_heading}</h2>
                <p>{move || t().bank_problems_intro}</p>
                <ul>{items}</ul>
            </section>
        </Show>
    }
}

/// Which column holds which field (remembered per account), and the file's first rows.
#[component]
fn MappingStep(state: Import) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let field = move |column: StatementColumn| MappedField {
        key: column.name(),
        label: Signal::derive(move || (t().bank_col_name)(column).to_string()),
        column: Signal::derive(move || state.mapping.with(|m| m.column(column))),
        set: Callback::new(move |c| state.mapping.update(|m| m.set(column, c))),
    };
    let fields = Signal::derive(move || STATEMENT_COLUMNS.map(field).to_vec());
    let header_row = Signal::derive(move || state.mapping.with(|m| m.header_rows > 0));
    let set_header_row =
        Callback::new(move |on: bool| state.mapping.update(|m| m.header_rows = usize::from(on)));
    view! {
        <section class="kura-card kura-bank__mapping" data-testid="bank-mapping">
            <h2>{move || t().bank_mapping_heading}</h2>
            <p class="kura-muted">{move || t().bank_mapping_intro}</p>
            <ColumnMappingStep prefix="bank" table=state.table fields header_row set_header_row />
        </section>
    }
}

/// The new lines with their proposals, a checkbox each, and the confirm button.
#[component]
fn ProposalTable(
    state: Import,
    lines: Vec<StatementLine>,
    currency: Signal<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let toasts = use_toasts();
    let proposals = Memo::new(move |_| {
        let account = state.account.get()?;
        Some(open.book.with(|b| propose(b, account, &lines)))
    });
    let chosen = move || -> Vec<Confirmation> {
        let Some(proposals) = proposals.get() else {
            return Vec::new();
        };
        let (choices, unchecked) = (state.choices.get(), state.unchecked.get());
        proposals
            .lines
            .iter()
            .filter(|p| !unchecked.contains(&p.line.line))
            .filter_map(|p| {
                let assignment = assignment(p, choices.get(&p.line.line))?;
                Some(Confirmation {
                    line: p.line.clone(),
                    assignment,
                })
            })
            .collect()
    };
    let confirm = move |_| {
        let (Some(account), confirmations) = (state.account.get_untracked(), chosen()) else {
            return;
        };
        let mapping = state.mapping.get_untracked();
        let count = confirmations.len();
        spawn_local(async move {
            let make = |book: &Book, ctx| {
                confirm_lines(
                    book,
                    account,
                    mapping,
                    &confirmations,
                    &mut platform::new_id,
                    ctx,
                )
            };
            match open.write(make).await {
                Ok(()) => {
                    state.choices.set(HashMap::new());
                    state.unchecked.set(HashSet::new());
                    state.error.set(None);
                    toasts.success((i18n.t().bank_confirmed)(count));
                }
                Err(e) => state.error.set(Some(e)),
            }
        });
    };
    let error = move || {
        let locale = i18n.locale();
        state.error.with(|e| match e {
            Some(WriteError::Invalid(e)) => Some(bank_error(e, locale, currency.get())),
            Some(WriteError::Store(e)) => Some(store_error(e, locale)),
            None => None,
        })
    };
    let skipped = move || {
        proposals
            .with(|p| p.as_ref().map(|p| p.already_imported))
            .filter(|n| *n > 0)
            .map(|n| (t().bank_already_imported)(n))
    };
    let empty = move || proposals.with(|p| p.as_ref().is_some_and(|p| p.lines.is_empty()));
    let rows = move || {
        proposals
            .get()
            .map(|p| p.lines)
            .unwrap_or_default()
            .into_iter()
            .map(|line| view! { <ProposalRow state line currency /> })
            .collect_view()
    };
    view! {
        <section class="kura-card kura-bank__proposals" data-testid="bank-proposals">
            <h2>{move || t().bank_proposals_heading}</h2>
            <p class="kura-muted" data-testid="bank-skipped">{skipped}</p>
            <Show when=move || !empty() fallback=move || view! { <p data-testid="bank-nothing-new">{move || t().bank_nothing_new}</p> }>
                <div class="kura-table-wrap">
                    <table class="kura-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || t().bank_col_pick}</th>
                                <th scope="col">{move || t().bank_col_date}</th>
                                <th scope="col">{move || t().bank_col_description}</th>
                                <th scope="col" class="kura-table__cell--numeric">{move || t().bank_col_amount}</th>
                                <th scope="col">{move || t().bank_col_proposal}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <p class="kura-error" role="alert" data-testid="bank-error" hidden=move || error().is_none()>{error}</p>
                <div class="kura-form__actions">
                    <button type="button" class="kura-button kura-button--primary" data-testid="bank-confirm"
                        disabled=move || chosen().is_empty() on:click=confirm>
                        {move || t().bank_confirm}
                    </button>
                </div>
            </Show>
        </section>
    }
}

/// One line: its checkbox, date, description, amount and proposal.
#[component]
fn ProposalRow(state: Import, line: ProposedLine, currency: Signal<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let number = line.line.line;
    let assigned = {
        let line = line.clone();
        move || {
            state
                .choices
                .with(|c| assignment(&line, c.get(&number)).is_some())
        }
    };
    let checked = {
        let assigned = assigned.clone();
        move || assigned() && state.unchecked.with(|u| !u.contains(&number))
    };
    let on_check = move |ev| {
        let on = event_target_checked(&ev);
        state.unchecked.update(|u| {
            if on {
                u.remove(&number);
            } else {
                u.insert(number);
            }
        });
    };
    let date = move || format_date(line.line.date, i18n.locale());
    let amount = line.line.amount;
    view! {
        <tr data-testid=format!("bank-line-{number}")>
            <td>
                <input type="checkbox" data-testid=format!("bank-pick-{number}")
                    aria-label=move || (t().bank_line_pick)(number)
                    prop:checked=checked disabled=move || !assigned() on:change=on_check />
            </td>
            <td class="kura-bank__date">{date}</td>
            <td>{line.line.description.clone()}</td>
            <td class="kura-num"><Money amount=amount currency /></td>
            <td><ProposalCell state line=line.clone() /></td>
        </tr>
    }
}

/// The matched document (which the user may replace by an account), or the
/// account and tax code selects.
#[component]
fn ProposalCell(state: Import, line: ProposedLine) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let number = line.line.line;
    let matched = match line.proposal {
        Proposal::Document { document, partner } => Some((document, partner)),
        _ => None,
    };
    let match_text = matched.map(|(document, partner)| {
        let text = move || {
            open.book.with(|b| {
                let doc = b.document(document).and_then(|d| d.number.clone());
                let name = b.partner(partner).map(|p| p.name.clone());
                (t().bank_settles)(&doc.unwrap_or_default(), &name.unwrap_or_default())
            })
        };
        view! { <span class="kura-bank__matched" data-testid=format!("bank-match-{number}")>{text}</span> }
    });
    let (proposed_account, proposed_tax, source) = match line.proposal {
        Proposal::Account {
            account,
            tax_code,
            source,
            ..
        } => (Some(account), tax_code, Some(source)),
        _ => (None, None, None),
    };
    let current = move || {
        state.choices.with(|c| {
            c.get(&number).copied().unwrap_or(LineChoice {
                account: proposed_account,
                tax: proposed_tax,
            })
        })
    };
    let on_account = move |ev| {
        let account: Option<RecordId> = event_target_value(&ev).parse().ok();
        let tax = account.and_then(|a| {
            open.book
                .with_untracked(|b| b.account(a).and_then(|a| a.default_tax))
        });
        state.choices.update(|c| {
            c.insert(number, LineChoice { account, tax });
        });
    };
    let on_tax = move |ev| {
        let tax = tax_from(&event_target_value(&ev));
        let account = current().account;
        state.choices.update(|c| {
            c.insert(number, LineChoice { account, tax });
        });
    };
    let source = move || {
        let changed = state.choices.with(|c| c.contains_key(&number));
        match (source, changed) {
            (Some(ProposalSource::Rule), false) => Some(t().bank_source_rule),
            (Some(ProposalSource::Learned), false) => Some(t().bank_source_learned),
            _ => None,
        }
    };
    let placeholder = move || match matched {
        Some(_) => t().bank_instead,
        None => t().bank_pick_account,
    };
    // A matched line needs a tax code only once the user posts it to an account.
    let taxed = move || matched.is_none() || current().account.is_some();
    view! {
        <div class="kura-bank__assign">
            {match_text}
            <select data-testid=format!("bank-account-{number}") aria-label=move || (t().bank_line_account)(number) on:change=on_account>
                <option value="" selected=move || current().account.is_none()>{placeholder}</option>
                <AccountOptions selected=Signal::derive(move || current().account) />
            </select>
            <Show when=taxed>
                <select data-testid=format!("bank-tax-{number}") aria-label=move || (t().bank_line_tax)(number) on:change=on_tax>
                    <TaxOptions selected=Signal::derive(move || current().tax) />
                </select>
            </Show>
            <span class="kura-bank__source-tag kura-muted" data-testid=format!("bank-source-{number}")>{source}</span>
        </div>
    }
}

/// Every account that may be posted to, as options.
#[component]
fn AccountOptions(selected: Signal<Option<RecordId>>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    move || {
        let locale = i18n.locale();
        open.book
            .with(|b| {
                b.accounts()
                    .into_iter()
                    .filter(|a| !a.archived)
                    .map(|a| (a.id, account_label(a, locale)))
                    .collect::<Vec<_>>()
            })
            .into_iter()
            .map(|(id, label)| view! { <option value=id.to_string() selected=move || selected.get() == Some(id)>{label}</option> })
            .collect_view()
    }
}

fn tax_value(code: TaxCode) -> String {
    TaxCode::ALL
        .iter()
        .position(|c| *c == code)
        .unwrap_or_default()
        .to_string()
}

fn tax_from(value: &str) -> Option<TaxCode> {
    value
        .parse::<usize>()
        .ok()
        .and_then(|i| TaxCode::ALL.get(i).copied())
}

/// "No tax code" and every tax code, as options.
#[component]
fn TaxOptions(selected: Signal<Option<TaxCode>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    view! {
        <option value="" selected=move || selected.get().is_none()>{move || t().bank_no_tax}</option>
        {TaxCode::ALL.map(|code| view! {
            <option value=tax_value(code) selected=move || selected.get() == Some(code)>{move || (t().tax_code_name)(code)}</option>
        }).to_vec()}
    }
}

/// The statement's closing balance against the books'.
#[component]
fn BalanceLine(
    state: Import,
    lines: Vec<StatementLine>,
    currency: Signal<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let check = Memo::new(move |_| {
        let account = state.account.get()?;
        open.book.with(|b| balance_check(b, account, &lines))
    });
    let figures = move || {
        check.get().map(|c| {
            let agrees = c.difference.is_zero();
            view! {
                <dl class="kura-facts">
                    <dt>{move || t().bank_balance_date}</dt>
                    <dd>{format_date(c.date, i18n.locale())}</dd>
                    <dt>{move || t().bank_balance_statement}</dt>
                    <dd class="kura-num" data-testid="bank-balance-statement"><Money amount=c.statement currency /></dd>
                    <dt>{move || t().bank_balance_book}</dt>
                    <dd class="kura-num" data-testid="bank-balance-book"><Money amount=c.book currency /></dd>
                    <dt>{move || t().bank_balance_difference}</dt>
                    <dd class="kura-num" data-testid="bank-balance-difference"><Money amount=c.difference currency /></dd>
                </dl>
                <p class=if agrees { "kura-bank__agrees" } else { "kura-bank__differs" } data-testid="bank-balance-verdict">
                    {move || if agrees { t().bank_balance_agrees } else { t().bank_balance_differs }}
                </p>
            }
        })
    };
    view! {
        <section class="kura-card kura-bank__balance" data-testid="bank-balance">
            <h2>{move || t().bank_balance_heading}</h2>
            <Show when=move || check.with(Option::is_some) fallback=move || view! { <p class="kura-muted">{move || t().bank_no_balance}</p> }>
                {figures}
            </Show>
        </section>
    }
}

/// The user's rules: text contained → account and tax code.
#[component]
fn RulesEditor() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let toasts = use_toasts();
    let contains = RwSignal::new(String::new());
    let account = RwSignal::new(None::<RecordId>);
    let tax = RwSignal::new(None::<TaxCode>);
    let error = RwSignal::new(None::<WriteError<BankError>>);
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let rules = move || {
        let locale = i18n.locale();
        let mut rules: Vec<(RecordId, String, String, Option<TaxCode>)> = open.book.with(|b| {
            b.bank_rules()
                .map(|r| {
                    let account = b.account(r.account).map(|a| account_label(a, locale));
                    (
                        r.id,
                        r.contains.clone(),
                        account.unwrap_or_default(),
                        r.tax_code,
                    )
                })
                .collect()
        });
        rules.sort_by(|a, b| a.1.cmp(&b.1));
        rules
    };
    let remove = move |id: RecordId| {
        spawn_local(async move {
            let make = |_: &Book, ctx| Ok::<_, BankError>(delete_rule(id, ctx));
            match open.write(make).await {
                Ok(()) => toasts.success(i18n.t().bank_rule_removed),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = account.get_untracked() else {
            return error.set(Some(WriteError::Invalid(BankError::RuleAccount)));
        };
        let rule = BankRule {
            id: platform::new_id(),
            contains: contains.get_untracked(),
            account: chosen,
            tax_code: tax.get_untracked(),
            partner: None,
        };
        spawn_local(async move {
            match open.write(|book, ctx| save_rule(book, rule, ctx)).await {
                Ok(()) => {
                    contains.set(String::new());
                    error.set(None);
                    toasts.success(i18n.t().bank_rule_saved);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let message = move || {
        let locale = i18n.locale();
        error.with(|e| match e {
            Some(WriteError::Invalid(e)) => Some(bank_error(e, locale, currency.get())),
            Some(WriteError::Store(e)) => Some(store_error(e, locale)),
            None => None,
        })
    };
    let on_account = move |ev| {
        let chosen: Option<RecordId> = event_target_value(&ev).parse().ok();
        account.set(chosen);
        let default = chosen.and_then(|a| {
            open.book
                .with_untracked(|b| b.account(a).and_then(|a| a.default_tax))
        });
        tax.set(default);
    };
    view! {
        <section class="kura-card kura-bank__rules" data-testid="bank-rules">
            <h2>{move || t().bank_rules_heading}</h2>
            <p class="kura-muted">{move || t().bank_rules_intro}</p>
            <Show when=move || !rules().is_empty() fallback=move || view! { <p class="kura-muted">{move || t().bank_no_rules}</p> }>
                <ul class="kura-bank__rule-list">
                    {move || rules().into_iter().map(|(id, text, account, code)| view! {
                        <li data-testid="bank-rule">
                            <span class="kura-bank__rule-text">{text}</span>
                            " → "
                            <span>{account}</span>
                            <span class="kura-muted">{move || code.map(|c| (t().tax_code_name)(c)).unwrap_or_default()}</span>
                            <button type="button" class="kura-button" on:click=move |_| remove(id)>
                                {move || t().bank_rule_remove}
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
            </Show>
            <form class="kura-bank__rule-form" on:submit=add novalidate>
                <div class="kura-field">
                    <label class="kura-field__label" for="bank-rule-text">{move || t().bank_rule_contains}</label>
                    <input id="bank-rule-text" type="text" autocomplete="off" data-testid="bank-rule-text" bind:value=contains />
                </div>
                <div class="kura-field">
                    <label class="kura-field__label" for="bank-rule-account">{move || t().bank_rule_account}</label>
                    <select id="bank-rule-account" data-testid="bank-rule-account" on:change=on_account>
                        <option value="" selected=move || account.get().is_none()>{move || t().bank_pick_account}</option>
                        <AccountOptions selected=account.into() />
                    </select>
                </div>
                <div class="kura-field">
                    <label class="kura-field__label" for="bank-rule-tax">{move || t().bank_rule_tax}</label>
                    <select id="bank-rule-tax" data-testid="bank-rule-tax" on:change=move |ev| tax.set(tax_from(&event_target_value(&ev)))>
                        <TaxOptions selected=tax.into() />
                    </select>
                </div>
                <button type="submit" class="kura-button" data-testid="bank-rule-add">{move || t().bank_rule_add}</button>
            </form>
            <p class="kura-error" role="alert" hidden=move || message().is_none()>{message}</p>
        </section>
    }
}

//! 総勘定元帳: the general ledger of one account, with its opening and closing balance; each row links to its entry.

use crate::app::use_open_book;
use crate::components::{account_name, amount_td, entry_ref_columns, EntryRef, Pager, Pages};
use crate::components::{Column, DataTable};
use crate::i18n::use_i18n;
use crate::routes::{self, BookScreen};
use kura_core::ids::RecordId;
use kura_core::locale::format_money;
use kura_core::money::Currency;
use kura_core::reports::{general_ledger_page, Period};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use rust_decimal::Decimal;

/// One ledger row as shown.
#[derive(Clone, Debug, PartialEq)]
struct LedgerLine {
    key: String,
    head: EntryRef,
    counter: String,
    debit: Decimal,
    credit: Decimal,
    balance: Decimal,
}

#[component]
pub(super) fn LedgerView(
    period: Memo<Period>,
    account: Memo<Option<RecordId>>,
    currency: Memo<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let navigate = use_navigate();
    // The figures of the whole ledger and its row count (no rows read), then
    // the rows of the page shown: a busy account's first page is drawn
    // without reading its whole year (`general_ledger_page`).
    let report = Memo::new(move |_| {
        let p = period.get();
        account
            .get()
            .map(|a| open.book.with(|b| general_ledger_page(b, a, p, 0, 0)))
    });
    let pages = Pages::new(Memo::new(move |_| {
        report.with(|gl| gl.as_ref().map_or(0, |gl| gl.total_rows))
    }));
    let lines = Memo::new(move |_| {
        let locale = i18n.locale();
        let (Some(a), p, range) = (account.get(), period.get(), pages.range()) else {
            return Vec::new();
        };
        open.book.with(|b| {
            let page = general_ledger_page(b, a, p, range.start, range.len());
            page.rows
                .iter()
                .zip(page.start..)
                .map(|(r, i)| LedgerLine {
                    key: format!("{}-{i}", r.entry),
                    head: EntryRef {
                        entry: r.entry,
                        date: r.date,
                        description: r.description.clone(),
                        partner: r.partner.clone().unwrap_or_default(),
                    },
                    counter: r
                        .counter_accounts
                        .iter()
                        .map(|&a| account_name(b, a, locale))
                        .collect::<Vec<_>>()
                        .join(" / "),
                    debit: r.debit,
                    credit: r.credit,
                    balance: r.balance,
                })
                .collect()
        })
    });
    let choices = move || {
        let locale = i18n.locale();
        let chosen = account.get();
        open.book.with(|b| {
            let mut accounts = b.accounts();
            accounts.sort_by(|x, y| x.code.cmp(&y.code));
            accounts
                .into_iter()
                .map(|a| {
                    let id = a.id;
                    let label = format!("{} {}", a.code, a.name(locale));
                    view! { <option value=id.to_string() selected=chosen == Some(id)>{label}</option> }
                })
                .collect_view()
        })
    };
    let choose = {
        let navigate = navigate.clone();
        move |value: String| {
            if let Ok(id) = value.parse::<RecordId>() {
                navigate(
                    &routes::ledger(open.id, id, period.get_untracked()),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
        }
    };
    let book_id = open.id;
    let has_account = Memo::new(move |_| account.get().is_some());
    let activate = {
        let navigate = navigate.clone();
        Callback::new(move |r: LedgerLine| {
            navigate(
                &BookScreen::Entry(r.head.entry).path(book_id),
                Default::default(),
            )
        })
    };
    let summary = move || {
        report.with(|gl| {
            gl.as_ref().map(|gl| {
                let locale = i18n.locale();
                let cur = currency.get();
                let t = t();
                view! {
                    <table class="kura-report__table kura-report__table--summary" data-testid="ledger-summary">
                        <tbody>
                            <tr>
                                <th scope="row">{t.rep_opening}</th>
                                {amount_td(gl.opening, cur, locale)}
                            </tr>
                            <tr>
                                <th scope="row">{t.rep_debit}</th>
                                {amount_td(gl.debit, cur, locale)}
                            </tr>
                            <tr>
                                <th scope="row">{t.rep_credit}</th>
                                {amount_td(gl.credit, cur, locale)}
                            </tr>
                            <tr class="kura-report__total">
                                <th scope="row">{t.rep_closing}</th>
                                {amount_td(gl.closing, cur, locale)}
                            </tr>
                        </tbody>
                    </table>
                }
            })
        })
    };
    view! {
        <div class="kura-report__toolbar kura-no-print">
            <label class="kura-report__field">
                <span>{move || t().rep_account}</span>
                <select
                    class="kura-input"
                    data-testid="ledger-account"
                    on:change=move |ev| choose(event_target_value(&ev))
                >
                    <option value="" selected=move || account.get().is_none()>{move || t().rep_choose_account}</option>
                    {choices}
                </select>
            </label>
        </div>
        <h2 class="kura-report__subtitle" data-testid="ledger-account-name">
            {move || {
                account
                    .get()
                    .and_then(|a| open.book.with(|b| b.account(a).map(|acc| format!("{} {}", acc.code, acc.name(i18n.locale())))))
            }}
        </h2>
        {move || {
            account
                .get()
                .is_none()
                .then(|| view! { <p class="kura-muted" data-testid="ledger-choose">{t().rep_choose_account}</p> })
        }}
        {summary}
        {move || {
            has_account
                .get()
                .then(|| {
                    view! {
                        <Pager pages=pages />
                        <DataTable
                            rows=lines
                            columns=ledger_columns(i18n, currency, book_id)
                            row_key=|r: &LedgerLine| r.key.clone()
                            label=Signal::derive(move || t().rep_general_ledger.to_string())
                            on_activate=activate
                            row_test_id="ledger-row"
                        />
                    }
                })
        }}
    }
}

fn ledger_columns(
    i18n: crate::i18n::I18n,
    currency: Memo<Currency>,
    book_id: RecordId,
) -> Vec<Column<LedgerLine>> {
    let t = move || i18n.t();
    let money = move |d: Decimal| format_money(d, currency.get(), i18n.locale());
    let mut columns = entry_ref_columns(i18n, book_id, "ledger-entry", |r: &LedgerLine| &r.head);
    columns.extend([
        Column::text(
            move || t().rep_counter.to_string(),
            |r: &LedgerLine| r.counter.clone(),
        ),
        Column::numeric(
            move || t().rep_debit.to_string(),
            move |r: &LedgerLine| {
                let d = r.debit;
                move || money(d)
            },
        ),
        Column::numeric(
            move || t().rep_credit.to_string(),
            move |r: &LedgerLine| {
                let d = r.credit;
                move || money(d)
            },
        ),
        Column::numeric(
            move || t().rep_balance.to_string(),
            move |r: &LedgerLine| {
                let d = r.balance;
                move || money(d)
            },
        ),
    ]);
    columns
}

//! 損益計算書・貸借対照表: the P&L and the balance sheet, drawn from their lines
//! (`kura_core::reports::profit_and_loss_lines`, `balance_sheet_lines`), which
//! the CSV writes too: what is on screen is what the file holds.

use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::locale::{format_money, Locale};
use kura_core::money::Currency;
use kura_core::reports::{
    balance_sheet, balance_sheet_lines, profit_and_loss, profit_and_loss_lines, Period, ReportLine,
    StatementLabel, Weight,
};
use leptos::prelude::*;

use crate::app::use_open_book;
use crate::components::{account_name, amount_class, amount_td, drill_td, name_td, no_figures};
use crate::i18n::{use_i18n, Messages};
use crate::routes::{self, Report};

/// A heading's or a figure's name on screen and in the CSV.
pub(super) fn statement_label(label: StatementLabel, t: &Messages) -> &'static str {
    match label {
        StatementLabel::Revenue => t.rep_revenue,
        StatementLabel::Expenses => t.rep_expenses,
        StatementLabel::Assets => t.rep_assets,
        StatementLabel::Liabilities => t.rep_liabilities,
        StatementLabel::Equity => t.rep_equity,
        StatementLabel::TotalRevenue => t.rep_total_revenue,
        StatementLabel::TotalExpenses => t.rep_total_expenses,
        StatementLabel::NetIncome => t.rep_net_income,
        StatementLabel::TotalAssets => t.rep_total_assets,
        StatementLabel::TotalLiabilities => t.rep_total_liabilities,
        StatementLabel::ProfitThisYear => t.rep_profit_this_year,
        StatementLabel::ProfitEarlierYears => t.rep_profit_earlier,
        StatementLabel::TotalEquity => t.rep_total_equity,
        StatementLabel::TotalLiabilitiesAndEquity => t.rep_total_liabilities_equity,
    }
}

/// What a column's lines are drawn with.
#[derive(Clone, Copy)]
struct Drawing<'a> {
    book: &'a Book,
    book_id: RecordId,
    t: &'static Messages,
    currency: Currency,
    locale: Locale,
}

/// One line as a table row.
fn line_row(line: &ReportLine<'_>, d: Drawing<'_>) -> AnyView {
    match line {
        ReportLine::Heading(label) => view! {
            <tr class="kura-report__section">
                <th scope="rowgroup" colspan="3">{statement_label(*label, d.t)}</th>
            </tr>
        }
        .into_any(),
        ReportLine::Account { row, .. } => {
            let name = account_name(d.book, row.account, d.locale);
            let href = routes::ledger(d.book_id, row.drill.account, row.drill.period);
            let title = (d.t.rep_drill)(&name);
            view! {
                <tr data-testid="statement-row" data-code=row.code.clone()>
                    <td class="kura-report__code">{row.code.clone()}</td>
                    {name_td(name, row.depth)}
                    {drill_td(row.amount, d.currency, d.locale, href, title)}
                </tr>
            }
            .into_any()
        }
        ReportLine::Figure {
            label,
            amount,
            weight,
            profit_period,
        } => {
            let name = statement_label(*label, d.t);
            let amount = *amount;
            let cell = match profit_period {
                Some(period) => {
                    let href = routes::report(d.book_id, Report::ProfitAndLoss, *period, None);
                    view! {
                        <td class=amount_class(amount)>
                            <a class="kura-drill" data-testid="drill" href=href>
                                {format_money(amount, d.currency, d.locale)}
                            </a>
                        </td>
                    }
                    .into_any()
                }
                None => amount_td(amount, d.currency, d.locale).into_any(),
            };
            match weight {
                Weight::Plain => view! {
                    <tr>
                        <td></td>
                        <td class="kura-report__name">{name}</td>
                        {cell}
                    </tr>
                }
                .into_any(),
                Weight::Total | Weight::Grand => {
                    let class = if *weight == Weight::Grand {
                        "kura-report__total kura-report__grand"
                    } else {
                        "kura-report__total"
                    };
                    view! {
                        <tr class=class>
                            <td></td>
                            <th scope="row">{name}</th>
                            {cell}
                        </tr>
                    }
                    .into_any()
                }
            }
        }
    }
}

/// A column of a statement as a table: a `<tbody>` per section, opened by its
/// heading.
fn column_table(lines: &[ReportLine<'_>], test_id: &'static str, d: Drawing<'_>) -> impl IntoView {
    let mut groups: Vec<Vec<AnyView>> = Vec::new();
    for line in lines {
        if matches!(line, ReportLine::Heading(_)) || groups.is_empty() {
            groups.push(Vec::new());
        }
        if let Some(group) = groups.last_mut() {
            group.push(line_row(line, d));
        }
    }
    let bodies = groups
        .into_iter()
        .map(|rows| view! { <tbody>{rows}</tbody> })
        .collect_view();
    view! {
        <table class="kura-report__table kura-report__table--statement" data-testid=test_id>
            <thead>
                <tr>
                    <th scope="col">{d.t.rep_code}</th>
                    <th scope="col">{d.t.rep_account}</th>
                    <th scope="col" class="kura-report__num">{d.t.rep_amount}</th>
                </tr>
            </thead>
            {bodies}
        </table>
    }
}

#[component]
pub(super) fn ProfitAndLossView(period: Memo<Period>, currency: Memo<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| profit_and_loss(b, p))
    });
    move || {
        let t = i18n.t();
        report.with(|pl| {
            if pl.revenue.is_empty() && pl.expenses.is_empty() {
                return no_figures(t).into_any();
            }
            open.book.with(|book| {
                let d = Drawing {
                    book,
                    book_id: open.id,
                    t,
                    currency: currency.get(),
                    locale: i18n.locale(),
                };
                let columns = profit_and_loss_lines(pl);
                columns
                    .iter()
                    .map(|lines| column_table(lines, "profit-and-loss", d))
                    .collect_view()
                    .into_any()
            })
        })
    }
}

#[component]
pub(super) fn BalanceSheetView(period: Memo<Period>, currency: Memo<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| balance_sheet(b, p.to))
    });
    move || {
        let t = i18n.t();
        report.with(|bs| {
            if bs.assets.is_empty() && bs.liabilities.is_empty() && bs.equity.is_empty() {
                return no_figures(t).into_any();
            }
            open.book.with(|book| {
                let d = Drawing {
                    book,
                    book_id: open.id,
                    t,
                    currency: currency.get(),
                    locale: i18n.locale(),
                };
                let columns = balance_sheet_lines(bs);
                let ids = ["balance-sheet-assets", "balance-sheet-liabilities"];
                let tables = columns
                    .iter()
                    .zip(ids)
                    .map(|(lines, id)| column_table(lines, id, d))
                    .collect_view();
                view! { <div class="kura-report__columns">{tables}</div> }.into_any()
            })
        })
    }
}

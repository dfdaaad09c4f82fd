//! `/books/<id>/reports/<report>?from=…&to=…&account=…`: the reports on screen,
//! with drill-down, print and CSV.
//!
//! The reports are data from `kura_core::reports`; this module only renders
//! them. The report, the period and the ledger's account live in the URL, so a
//! report can be bookmarked, reloaded, and opened from a figure of another
//! report (the drill-down is a link to the general ledger of the figure's
//! account and period). Each general-ledger row links to its entry.
//!
//! Print uses the browser's print (A4, `@media print` in `style/main.css` hides
//! the navigation and the toolbar); CSV comes from `kura_core::reports::csv`,
//! headers in the UI language, saved with `platform::download_text`.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use kura_core::book::{Book, Record, RecordKey, RecordKind};
use kura_core::ids::RecordId;
use kura_core::ledger::{BusinessClass, StatementLine, TaxCode};
use kura_core::locale::{format_date, format_datetime, format_money, Locale};
use kura_core::money::Currency;
use kura_core::reports::{
    balance_sheet, blue_return, change_history, csv, entries_with_tax_code, general_ledger,
    journal, monthly_profit_and_loss, profit_and_loss, record_summary, tax_summary_for,
    trial_balance, ChangeHistory, ChangeKind, EntryLink, Field, HistoryQuery, HistoryRow,
    JournalRow, Period, Sided, StatementRow,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use rust_decimal::Decimal;

mod tax_return;

use super::journal::entry_path;
use crate::app::use_open_book;
use crate::components::{Column, DataTable, DateInput};
use crate::i18n::{use_i18n, Messages};
use crate::platform::{self, today};
use tax_return::{TaxChoices, TaxReturnView};

/// The reports, in the order of the picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Report {
    TrialBalance,
    Journal,
    Ledger,
    ProfitAndLoss,
    BalanceSheet,
    Monthly,
    Tax,
    BlueReturn,
    History,
}

impl Report {
    const ALL: [Report; 9] = [
        Report::TrialBalance,
        Report::Journal,
        Report::Ledger,
        Report::ProfitAndLoss,
        Report::BalanceSheet,
        Report::Monthly,
        Report::Tax,
        Report::BlueReturn,
        Report::History,
    ];

    /// Its path segment (also its CSV file name's start).
    fn slug(self) -> &'static str {
        match self {
            Report::TrialBalance => "trial-balance",
            Report::Journal => "journal",
            Report::Ledger => "general-ledger",
            Report::ProfitAndLoss => "profit-and-loss",
            Report::BalanceSheet => "balance-sheet",
            Report::Monthly => "monthly-profit-and-loss",
            Report::Tax => "consumption-tax",
            Report::BlueReturn => "blue-return",
            Report::History => "change-history",
        }
    }

    fn from_slug(slug: &str) -> Report {
        Report::ALL
            .into_iter()
            .find(|r| r.slug() == slug)
            .unwrap_or(Report::TrialBalance)
    }

    fn title(self, t: &Messages) -> &'static str {
        match self {
            Report::TrialBalance => t.rep_trial_balance,
            Report::Journal => t.rep_journal,
            Report::Ledger => t.rep_general_ledger,
            Report::ProfitAndLoss => t.rep_profit_and_loss,
            Report::BalanceSheet => t.rep_balance_sheet,
            Report::Monthly => t.rep_monthly,
            Report::Tax => t.rep_tax,
            Report::BlueReturn => t.rep_blue_return,
            Report::History => t.rep_history,
        }
    }
}

/// The period presets of the picker.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Preset {
    ThisYear,
    LastYear,
    ThisMonth,
    LastMonth,
}

impl Preset {
    const ALL: [Preset; 4] = [
        Preset::ThisYear,
        Preset::LastYear,
        Preset::ThisMonth,
        Preset::LastMonth,
    ];

    fn value(self) -> &'static str {
        match self {
            Preset::ThisYear => "this-year",
            Preset::LastYear => "last-year",
            Preset::ThisMonth => "this-month",
            Preset::LastMonth => "last-month",
        }
    }

    fn label(self, t: &Messages) -> &'static str {
        match self {
            Preset::ThisYear => t.rep_this_year,
            Preset::LastYear => t.rep_last_year,
            Preset::ThisMonth => t.rep_this_month,
            Preset::LastMonth => t.rep_last_month,
        }
    }

    fn period(self, book: &Book, today: NaiveDate) -> Period {
        match self {
            Preset::ThisYear => Period::book_fiscal_year(book, today),
            Preset::LastYear => {
                let this = Period::book_fiscal_year(book, today);
                Period::book_fiscal_year(book, this.from.pred_opt().unwrap_or(this.from))
            }
            Preset::ThisMonth => Period::month_of(today),
            Preset::LastMonth => {
                let this = Period::month_of(today);
                Period::month_of(this.from.pred_opt().unwrap_or(this.from))
            }
        }
    }
}

fn currency_of(book: &Book) -> Currency {
    book.settings().map_or(Currency::JPY, |s| s.currency)
}

fn parse_date(text: Option<String>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&text?, "%Y-%m-%d").ok()
}

/// The URL of a report over a period (and, for the ledger, an account).
fn report_url(book: RecordId, report: Report, period: Period, account: Option<RecordId>) -> String {
    let mut url = format!(
        "/books/{book}/reports/{}?from={}&to={}",
        report.slug(),
        period.from,
        period.to
    );
    if let Some(account) = account {
        url.push_str(&format!("&account={account}"));
    }
    url
}

/// `url` with the change history's text filter (`q`), if there is one.
fn with_find(mut url: String, find: &str) -> String {
    if !find.trim().is_empty() {
        url.push_str("&q=");
        url.push_str(&String::from(js_sys::encode_uri_component(find)));
    }
    url
}

/// The change history of one entry and of the entries that undo it, since
/// the book was created: where the entry view's history is printed from.
pub(super) fn entry_history_url(book: &Book, book_id: RecordId, entry: RecordId) -> String {
    let created = book
        .settings()
        .map(|s| RecordKey {
            kind: RecordKind::BookSettings,
            id: s.book_id,
        })
        .and_then(|key| book.history(&key).first().map(|v| v.stamp.0.wall_ms))
        .map_or(today(), |ms| local_time(ms).date());
    let period = Period {
        from: created.min(today()),
        to: today(),
    };
    with_find(
        report_url(book_id, Report::History, period, None),
        &entry.to_string(),
    )
}

fn ledger_url(book: RecordId, account: RecordId, period: Period) -> String {
    report_url(book, Report::Ledger, period, Some(account))
}

fn account_name(book: &Book, id: RecordId, locale: Locale) -> String {
    book.account(id)
        .map(|a| a.name(locale).to_string())
        .unwrap_or_default()
}

/// An amount cell's text and class (negatives marked as well as signed).
fn amount_class(amount: Decimal) -> &'static str {
    if amount.is_sign_negative() && !amount.is_zero() {
        "kura-report__num kura-money--negative"
    } else {
        "kura-report__num"
    }
}

/// A right-aligned amount cell.
fn amount_td(amount: Decimal, currency: Currency, locale: Locale) -> impl IntoView {
    view! { <td class=amount_class(amount)>{format_money(amount, currency, locale)}</td> }
}

/// A right-aligned amount cell whose figure opens the ledger behind it.
fn drill_td(
    amount: Decimal,
    currency: Currency,
    locale: Locale,
    href: String,
    label: String,
) -> impl IntoView {
    view! {
        <td class=amount_class(amount)>
            <a class="kura-drill" data-testid="drill" href=href title=label>
                {format_money(amount, currency, locale)}
            </a>
        </td>
    }
}

/// The account's name cell, indented by its depth.
fn name_td(name: String, depth: u8) -> impl IntoView {
    let class = format!("kura-report__name kura-report__depth-{}", depth.min(3));
    view! { <td class=class>{name}</td> }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let params = use_params_map();
    let query = use_query_map();
    let navigate = use_navigate();

    let report = Memo::new(move |_| {
        Report::from_slug(&params.with(|p| p.get("report")).unwrap_or_default())
    });
    let period = Memo::new(move |_| {
        let from = parse_date(query.with(|q| q.get("from")));
        let to = parse_date(query.with(|q| q.get("to")));
        match (from, to) {
            (Some(from), Some(to)) if from <= to => Period { from, to },
            _ => open.book.with(|b| Preset::ThisYear.period(b, today())),
        }
    });
    let account = Memo::new(move |_| {
        query
            .with(|q| q.get("account"))
            .and_then(|a| a.parse::<RecordId>().ok())
    });
    let tax_choices = RwSignal::new(TaxChoices::default());
    // What the change history is filtered by (its CSV follows the screen).
    let find = Memo::new(move |_| query.with(|q| q.get("q")).unwrap_or_default());
    let printing = provide_printing();
    // The tax code whose entries the tax summary lists (its index in `TaxCode::ALL`).
    let tax_code = Memo::new(move |_| {
        query
            .with(|q| q.get("code"))
            .and_then(|c| c.parse::<usize>().ok())
            .and_then(|i| TaxCode::ALL.get(i).copied())
    });
    let currency = Memo::new(move |_| open.book.with(currency_of));

    let go = {
        let navigate = navigate.clone();
        move |url: String| {
            navigate(
                &url,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            )
        }
    };

    // The custom period: the date fields follow the URL, and a valid change of
    // either goes into the URL.
    let from = RwSignal::new(Some(period.get_untracked().from));
    let to = RwSignal::new(Some(period.get_untracked().to));
    let from_error = RwSignal::new(None::<String>);
    let to_error = RwSignal::new(None::<String>);
    Effect::new(move || {
        let p = period.get();
        from.set(Some(p.from));
        to.set(Some(p.to));
    });
    {
        let go = go.clone();
        Effect::new(move || {
            let (Some(f), Some(tt)) = (from.get(), to.get()) else {
                return;
            };
            let wanted = Period { from: f, to: tt };
            if f <= tt && wanted != period.get_untracked() {
                let url = report_url(
                    open.id,
                    report.get_untracked(),
                    wanted,
                    account.get_untracked(),
                );
                go(with_find(url, &find.get_untracked()));
            }
        });
    }
    let preset = move || {
        let p = period.get();
        open.book.with(|b| {
            Preset::ALL
                .into_iter()
                .find(|pr| pr.period(b, today()) == p)
                .map_or("custom", Preset::value)
        })
    };
    let choose_preset = {
        let go = go.clone();
        move |value: String| {
            if let Some(pr) = Preset::ALL.into_iter().find(|p| p.value() == value) {
                let p = open.book.with_untracked(|b| pr.period(b, today()));
                let url = report_url(open.id, report.get_untracked(), p, account.get_untracked());
                go(with_find(url, &find.get_untracked()));
            }
        }
    };

    let print = move |_| {
        // Long reports show one page on screen: put every page on it first, and
        // open the print dialog once that is drawn (`afterprint` goes back).
        printing.set(true);
        request_animation_frame(|| {
            if let Some(window) = web_sys::window() {
                window.print().ok();
            }
        });
    };
    let download = move |_| {
        let locale = i18n.locale.get_untracked();
        let made = open.book.with_untracked(|b| {
            csv_for(
                report.get_untracked(),
                b,
                period.get_untracked(),
                account.get_untracked(),
                &tax_choices.get_untracked(),
                &find.get_untracked(),
                locale,
            )
        });
        if let Some((name, text)) = made {
            platform::download_text(&name, &text, "text/csv;charset=utf-8");
        }
    };

    // Drawn once: a tab's link and whether it is current follow the URL.
    let tabs = Report::ALL
        .into_iter()
        .map(|r| {
            let href = move || report_url(open.id, r, period.get(), account.get());
            let current = move || (report.get() == r).then_some("page");
            view! {
                <a
                    class="kura-report__tab"
                    href=href
                    aria-current=current
                    data-testid=format!("report-{}", r.slug())
                >
                    {move || r.title(t())}
                </a>
            }
        })
        .collect_view();

    let period_text = move || {
        let locale = i18n.locale();
        let p = period.get();
        match report.get() {
            Report::BalanceSheet => (t().rep_as_of)(&format_date(p.to, locale)),
            Report::History => (t().rep_changed_on)(&(t().rep_period_text)(
                &format_date(p.from, locale),
                &format_date(p.to, locale),
            )),
            Report::Monthly | Report::BlueReturn => {
                let fy = open.book.with(|b| Period::book_fiscal_year(b, p.from));
                format!(
                    "{}: {}",
                    t().rep_fiscal_year,
                    (t().rep_period_text)(
                        &format_date(fy.from, locale),
                        &format_date(fy.to, locale)
                    )
                )
            }
            _ => (t().rep_period_text)(&format_date(p.from, locale), &format_date(p.to, locale)),
        }
    };
    let book_name = move || {
        open.book
            .with(|b| b.settings().map(|s| s.name.clone()).unwrap_or_default())
    };

    let body = move || match report.get() {
        Report::TrialBalance => {
            view! { <TrialBalanceView period=period currency=currency /> }.into_any()
        }
        Report::Journal => view! { <JournalView period=period currency=currency /> }.into_any(),
        Report::History => {
            let go = go.clone();
            let set_find = Callback::new(move |text: String| {
                let url = report_url(open.id, Report::History, period.get_untracked(), None);
                go(with_find(url, &text));
            });
            view! { <HistoryView period=period find=find set_find=set_find /> }.into_any()
        }
        Report::Ledger => {
            view! { <LedgerView period=period account=account currency=currency /> }.into_any()
        }
        Report::ProfitAndLoss => {
            view! { <ProfitAndLossView period=period currency=currency /> }.into_any()
        }
        Report::BalanceSheet => {
            view! { <BalanceSheetView period=period currency=currency /> }.into_any()
        }
        Report::Monthly => view! { <MonthlyView period=period currency=currency /> }.into_any(),
        Report::Tax => {
            view! { <TaxView period=period currency=currency choices=tax_choices code=tax_code /> }
                .into_any()
        }
        Report::BlueReturn => {
            view! { <BlueReturnView period=period currency=currency /> }.into_any()
        }
    };

    view! {
        <div class="kura-page kura-report" data-testid="reports-page">
            <nav class="kura-report__tabs kura-no-print" aria-label=move || t().rep_picker>
                {tabs}
            </nav>
            <div class="kura-report__toolbar kura-no-print">
                <label class="kura-report__field">
                    <span>{move || t().rep_period}</span>
                    <select
                        class="kura-input"
                        data-testid="period-preset"
                        on:change=move |ev| choose_preset(event_target_value(&ev))
                    >
                        {Preset::ALL
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <option value=p.value() selected=move || preset() == p.value()>
                                        {move || p.label(t())}
                                    </option>
                                }
                            })
                            .collect_view()}
                        <option value="custom" selected=move || preset() == "custom">
                            {move || t().rep_custom}
                        </option>
                    </select>
                </label>
                <label class="kura-report__field" for="report-from">
                    <span>{move || t().rep_from}</span>
                    <DateInput id="report-from" value=from error=from_error />
                </label>
                <label class="kura-report__field" for="report-to">
                    <span>{move || t().rep_to}</span>
                    <DateInput id="report-to" value=to error=to_error />
                </label>
                <span class="kura-report__actions">
                    <button type="button" class="kura-button" data-testid="print" on:click=print>
                        {move || t().rep_print}
                    </button>
                    <button type="button" class="kura-button" data-testid="csv" on:click=download>
                        {move || t().rep_csv}
                    </button>
                </span>
            </div>
            <header class="kura-report__head">
                <h1 class="kura-report__title" data-testid="report-title">{move || report.get().title(t())}</h1>
                <p class="kura-report__meta">
                    <span>{book_name}</span>
                    <span data-testid="report-period">{period_text}</span>
                </p>
            </header>
            {body}
        </div>
    }
}

/// The CSV file of a report: its name and text.
fn csv_for(
    report: Report,
    book: &Book,
    period: Period,
    account: Option<RecordId>,
    tax: &TaxChoices,
    find: &str,
    locale: Locale,
) -> Option<(String, String)> {
    let t = crate::i18n::messages(locale);
    let span = format!("{}_{}", period.from, period.to);
    let stmt_headers = [t.rep_section, t.rep_code, t.rep_account, t.rep_amount];
    let fy = Period::book_fiscal_year(book, period.from);
    let (name, text) = match report {
        Report::TrialBalance => (
            span,
            csv::trial_balance_csv(
                &trial_balance(book, period),
                book,
                locale,
                &[
                    t.rep_debit_balance,
                    t.rep_debit_total,
                    t.rep_code,
                    t.rep_account,
                    t.rep_credit_total,
                    t.rep_credit_balance,
                ],
                t.rep_profit_earlier,
                t.rep_total,
            ),
        ),
        Report::Journal => (
            span,
            csv::journal_csv(
                &journal(book, period),
                book,
                locale,
                |c| (t.tax_code_name)(c).to_string(),
                &[
                    t.rep_number,
                    t.rep_date,
                    t.rep_description,
                    t.rep_partner,
                    t.rep_account,
                    t.rep_debit,
                    t.rep_credit,
                    t.rep_tax_code,
                    t.rep_memo,
                    t.rep_entry_id,
                ],
                t.rep_total,
            ),
        ),
        Report::History => (
            span,
            csv::change_history_csv(
                &history_of(book, period, find),
                book,
                locale,
                &[
                    t.rep_when,
                    t.rep_record,
                    t.rep_change,
                    t.rep_before,
                    t.rep_after,
                    t.rep_record_id,
                ],
                |row| {
                    [
                        record_label(row.record.kind, t).to_string(),
                        change_text(row, locale, t),
                    ]
                },
            ),
        ),
        Report::Ledger => {
            let account = account?;
            let code = book
                .account(account)
                .map(|a| a.code.clone())
                .unwrap_or_default();
            (
                format!("{code}-{span}"),
                csv::general_ledger_csv(
                    &general_ledger(book, account, period),
                    book,
                    locale,
                    &[
                        t.rep_date,
                        t.rep_description,
                        t.rep_partner,
                        t.rep_counter,
                        t.rep_debit,
                        t.rep_credit,
                        t.rep_balance,
                        t.rep_entry,
                    ],
                    t.rep_opening,
                    t.rep_closing,
                ),
            )
        }
        Report::ProfitAndLoss => (
            span,
            csv::profit_and_loss_csv(
                &profit_and_loss(book, period),
                book,
                locale,
                &stmt_headers,
                &[
                    t.rep_revenue,
                    t.rep_expenses,
                    t.rep_total_revenue,
                    t.rep_total_expenses,
                    t.rep_net_income,
                ],
            ),
        ),
        Report::BalanceSheet => (
            period.to.to_string(),
            csv::balance_sheet_csv(
                &balance_sheet(book, period.to),
                book,
                locale,
                &stmt_headers,
                &[
                    t.rep_assets,
                    t.rep_liabilities,
                    t.rep_equity,
                    t.rep_profit_this_year,
                    t.rep_profit_earlier,
                    t.rep_total_assets,
                    t.rep_total_liabilities,
                    t.rep_total_equity,
                ],
            ),
        ),
        Report::Monthly => (
            format!("{}_{}", fy.from, fy.to),
            csv::monthly_profit_and_loss_csv(
                &monthly_profit_and_loss(book, fy.from),
                book,
                locale,
                &[t.rep_code, t.rep_account, t.rep_total],
                &[t.rep_total_revenue, t.rep_total_expenses, t.rep_net_income],
            ),
        ),
        Report::Tax => {
            let summary = tax_summary_for(book, period, tax.class);
            let mut text = csv::tax_summary_csv(
                &summary,
                book,
                |c| (t.tax_code_name)(c).to_string(),
                |rule| crate::i18n::special_rule_name(rule, locale).to_string(),
                &[
                    t.rep_tax_code,
                    t.rep_tax_lines,
                    t.rep_tax_gross,
                    t.rep_tax_base,
                    t.rep_tax_tax,
                    t.rep_tax_creditable,
                ],
                &[
                    t.rep_tax_output,
                    t.rep_tax_input,
                    t.rep_tax_creditable_input,
                    t.rep_tax_general,
                    t.rep_tax_simplified_credit,
                    t.rep_tax_simplified,
                ],
            );
            // The return's boxes follow the summary, as on the screen.
            if let Some(ret) = tax_return::return_csv(&summary, currency_of(book), tax, locale) {
                text.push_str("\r\n");
                text.push_str(&ret);
            }
            (span, text)
        }
        Report::BlueReturn => (
            format!("{}_{}", fy.from, fy.to),
            csv::blue_return_csv(
                &blue_return(book, fy.from),
                book,
                locale,
                &[
                    t.rep_blue_line,
                    t.rep_amount,
                    t.rep_blue_opening,
                    t.rep_blue_closing,
                ],
            ),
        ),
    };
    Some((format!("{}-{name}.csv", report.slug()), text))
}

fn no_figures(t: &Messages) -> impl IntoView {
    view! { <p class="kura-muted" data-testid="report-empty">{t.rep_no_figures}</p> }
}

// ----------------------------------------------------------------------------
// 合計残高試算表

#[component]
fn TrialBalanceView(period: Memo<Period>, currency: Memo<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| trial_balance(b, p))
    });
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        report.with(|tb| {
            if tb.rows.is_empty() {
                return no_figures(t).into_any();
            }
            let rows = open.book.with(|b| {
                tb.rows
                    .iter()
                    .map(|r| {
                        let name = account_name(b, r.account, locale);
                        let href = ledger_url(open.id, r.account, tb.period);
                        let label = (t.rep_drill)(&name);
                        // A side's figure opens the ledger; an empty side stays empty.
                        let cell = |amount: Decimal| {
                            if amount.is_zero() {
                                empty_num_td().into_any()
                            } else {
                                drill_td(amount, cur, locale, href.clone(), label.clone())
                                    .into_any()
                            }
                        };
                        view! {
                            <tr data-testid="tb-row" data-code=r.code.clone()>
                                {cell(r.balance.debit)}
                                {cell(r.sum.debit)}
                                <td class="kura-report__code">{r.code.clone()}</td>
                                {name_td(name.clone(), r.depth)}
                                {cell(r.sum.credit)}
                                {cell(r.balance.credit)}
                            </tr>
                        }
                    })
                    .collect_view()
            });
            let sided = |s: Sided| (side_td(s.debit, cur, locale), side_td(s.credit, cur, locale));
            // Earlier years' profit not yet closed into capital: its own line, so
            // the columns tie out.
            let earlier_row = tb.earlier_years().map(|e| {
                let ((bd, bc), (sd, sc)) = (sided(e), sided(e));
                view! {
                    <tr data-testid="tb-earlier">
                        {bd}{sd}
                        <td></td>
                        <td class="kura-report__name">{t.rep_profit_earlier}</td>
                        {sc}{bc}
                    </tr>
                }
            });
            let totals = tb.totals;
            let money = |d: Decimal| amount_td(d, cur, locale);
            view! {
                <div class="kura-report__scroll">
                    <table class="kura-report__table kura-report__table--tb" data-testid="trial-balance">
                        <thead>
                            <tr>
                                <th scope="col" class="kura-report__num">{t.rep_debit_balance}</th>
                                <th scope="col" class="kura-report__num">{t.rep_debit_total}</th>
                                <th scope="col" class="kura-report__code">{t.rep_code}</th>
                                <th scope="col">{t.rep_account}</th>
                                <th scope="col" class="kura-report__num">{t.rep_credit_total}</th>
                                <th scope="col" class="kura-report__num">{t.rep_credit_balance}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}{earlier_row}</tbody>
                        <tfoot>
                            <tr class="kura-report__total kura-report__grand" data-testid="tb-totals">
                                {money(totals.balance.debit)}
                                {money(totals.sum.debit)}
                                <td></td>
                                <th scope="row">{t.rep_total}</th>
                                {money(totals.sum.credit)}
                                {money(totals.balance.credit)}
                            </tr>
                        </tfoot>
                    </table>
                </div>
            }
            .into_any()
        })
    }
}

/// An amount cell with nothing in it (the other side of a figure).
fn empty_num_td() -> impl IntoView {
    view! { <td class="kura-report__num"></td> }
}

// ----------------------------------------------------------------------------
// 総勘定元帳

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
fn LedgerView(
    period: Memo<Period>,
    account: Memo<Option<RecordId>>,
    currency: Memo<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let navigate = use_navigate();
    let report = Memo::new(move |_| {
        let p = period.get();
        account
            .get()
            .map(|a| open.book.with(|b| general_ledger(b, a, p)))
    });
    let lines = Memo::new(move |_| {
        let locale = i18n.locale();
        report.with(|gl| {
            let Some(gl) = gl else { return Vec::new() };
            open.book.with(|b| {
                gl.rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| LedgerLine {
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
                    &ledger_url(open.id, id, period.get_untracked()),
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
            navigate(&entry_path(book_id, r.head.entry), Default::default())
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

/// What every list of entries shows first: when, what, with whom.
#[derive(Clone, Debug, PartialEq)]
struct EntryRef {
    entry: RecordId,
    date: NaiveDate,
    description: String,
    partner: String,
}

/// The date, description (a link to the entry, `link_test_id`) and partner columns
/// of a table whose rows are entries.
fn entry_ref_columns<T: Clone + Send + Sync + 'static>(
    i18n: crate::i18n::I18n,
    book_id: RecordId,
    link_test_id: &'static str,
    head: fn(&T) -> &EntryRef,
) -> Vec<Column<T>> {
    let t = move || i18n.t();
    vec![
        Column::text(
            move || t().rep_date.to_string(),
            move |r: &T| {
                let date = head(r).date;
                move || format_date(date, i18n.locale())
            },
        ),
        Column::text(
            move || t().rep_description.to_string(),
            move |r: &T| {
                let h = head(r);
                view! {
                    <a href=entry_path(book_id, h.entry) data-testid=link_test_id>
                        {h.description.clone()}
                    </a>
                }
            },
        ),
        Column::text(
            move || t().rep_partner.to_string(),
            move |r: &T| head(r).partner.clone(),
        ),
    ]
}

// ----------------------------------------------------------------------------
// 損益計算書・貸借対照表

/// A statement section: a heading row, one row per account (its figure drills
/// to the ledger), and the section's total.
#[allow(clippy::too_many_arguments)]
fn section_rows(
    heading: &'static str,
    rows: &[StatementRow],
    total: Option<(&'static str, Decimal)>,
    book: &Book,
    book_id: RecordId,
    t: &'static Messages,
    currency: Currency,
    locale: Locale,
) -> impl IntoView {
    let lines = rows
        .iter()
        .map(|r| {
            let name = account_name(book, r.account, locale);
            let href = ledger_url(book_id, r.drill.account, r.drill.period);
            let label = (t.rep_drill)(&name);
            view! {
                <tr data-testid="statement-row" data-code=r.code.clone()>
                    <td class="kura-report__code">{r.code.clone()}</td>
                    {name_td(name, r.depth)}
                    {drill_td(r.amount, currency, locale, href, label)}
                </tr>
            }
        })
        .collect_view();
    view! {
        <tbody>
            <tr class="kura-report__section">
                <th scope="rowgroup" colspan="3">{heading}</th>
            </tr>
            {lines}
            {total.map(|(label, amount)| total_row(label, amount, currency, locale, ""))}
        </tbody>
    }
}

fn total_row(
    label: &'static str,
    amount: Decimal,
    currency: Currency,
    locale: Locale,
    extra: &'static str,
) -> impl IntoView {
    let class = format!("kura-report__total {extra}");
    view! {
        <tr class=class>
            <td></td>
            <th scope="row">{label}</th>
            {amount_td(amount, currency, locale)}
        </tr>
    }
}

fn statement_head(t: &'static Messages) -> impl IntoView {
    view! {
        <thead>
            <tr>
                <th scope="col">{t.rep_code}</th>
                <th scope="col">{t.rep_account}</th>
                <th scope="col" class="kura-report__num">{t.rep_amount}</th>
            </tr>
        </thead>
    }
}

#[component]
fn ProfitAndLossView(period: Memo<Period>, currency: Memo<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| profit_and_loss(b, p))
    });
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        report.with(|pl| {
            if pl.revenue.is_empty() && pl.expenses.is_empty() {
                return no_figures(t).into_any();
            }
            open.book.with(|b| {
                view! {
                    <table class="kura-report__table kura-report__table--statement" data-testid="profit-and-loss">
                        {statement_head(t)}
                        {section_rows(t.rep_revenue, &pl.revenue, Some((t.rep_total_revenue, pl.total_revenue)), b, open.id, t, cur, locale)}
                        {section_rows(t.rep_expenses, &pl.expenses, Some((t.rep_total_expenses, pl.total_expenses)), b, open.id, t, cur, locale)}
                        <tbody>
                            {total_row(t.rep_net_income, pl.net_income, cur, locale, "kura-report__grand")}
                        </tbody>
                    </table>
                }
                .into_any()
            })
        })
    }
}

#[component]
fn BalanceSheetView(period: Memo<Period>, currency: Memo<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| balance_sheet(b, p.to))
    });
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        report.with(|bs| {
            if bs.assets.is_empty() && bs.liabilities.is_empty() && bs.equity.is_empty() {
                return no_figures(t).into_any();
            }
            let profit_href = report_url(open.id, Report::ProfitAndLoss, bs.profit_period, None);
            open.book.with(|b| {
                view! {
                    <div class="kura-report__columns">
                        <table class="kura-report__table kura-report__table--statement" data-testid="balance-sheet-assets">
                            {statement_head(t)}
                            {section_rows(t.rep_assets, &bs.assets, None, b, open.id, t, cur, locale)}
                            <tbody>
                                {total_row(t.rep_total_assets, bs.total_assets, cur, locale, "kura-report__grand")}
                            </tbody>
                        </table>
                        <table class="kura-report__table kura-report__table--statement" data-testid="balance-sheet-liabilities">
                            {statement_head(t)}
                            {section_rows(t.rep_liabilities, &bs.liabilities, Some((t.rep_total_liabilities, bs.total_liabilities)), b, open.id, t, cur, locale)}
                            {section_rows(t.rep_equity, &bs.equity, None, b, open.id, t, cur, locale)}
                            <tbody>
                                <tr>
                                    <td></td>
                                    <td class="kura-report__name">{t.rep_profit_this_year}</td>
                                    <td class=amount_class(bs.profit_this_year)>
                                        <a class="kura-drill" data-testid="drill" href=profit_href>
                                            {format_money(bs.profit_this_year, cur, locale)}
                                        </a>
                                    </td>
                                </tr>
                                {(!bs.profit_earlier_years.is_zero()).then(|| view! {
                                    <tr>
                                        <td></td>
                                        <td class="kura-report__name">{t.rep_profit_earlier}</td>
                                        {amount_td(bs.profit_earlier_years, cur, locale)}
                                    </tr>
                                })}
                                {total_row(t.rep_total_equity, bs.total_equity, cur, locale, "")}
                                {total_row(t.rep_total_liabilities_equity, bs.total_liabilities + bs.total_equity, cur, locale, "kura-report__grand")}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            })
        })
    }
}

// ----------------------------------------------------------------------------
// 月次損益

#[component]
fn MonthlyView(period: Memo<Period>, currency: Memo<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| {
            let fy = Period::book_fiscal_year(b, p.from);
            monthly_profit_and_loss(b, fy.from)
        })
    });
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        report.with(|m| {
            if m.revenue.is_empty() && m.expenses.is_empty() {
                return no_figures(t).into_any();
            }
            let months = m.months.clone();
            let heads = months
                .iter()
                .map(|p| view! { <th scope="col" class="kura-report__num">{(t.rep_month)(p.from.month())}</th> })
                .collect_view();
            let body = open.book.with(|b| {
                let rows = |rows: &[kura_core::reports::MonthlyRow]| {
                    rows.iter()
                        .map(|r| {
                            let name = account_name(b, r.account, locale);
                            let cells = r
                                .months
                                .iter()
                                .zip(&months)
                                .map(|(&amount, &p)| {
                                    drill_td(amount, cur, locale, ledger_url(open.id, r.account, p), (t.rep_drill)(&name))
                                })
                                .collect_view();
                            view! {
                                <tr data-testid="monthly-row">
                                    <td class="kura-report__code">{r.code.clone()}</td>
                                    {name_td(name.clone(), r.depth)}
                                    {cells}
                                    {amount_td(r.total, cur, locale)}
                                </tr>
                            }
                        })
                        .collect_view()
                };
                let total = |label: &'static str, months: &[Decimal; 12], year: Decimal, extra: &'static str| {
                    let cells = months.iter().map(|&a| amount_td(a, cur, locale)).collect_view();
                    let class = format!("kura-report__total {extra}");
                    view! {
                        <tr class=class>
                            <td class="kura-report__code"></td>
                            <th scope="row">{label}</th>
                            {cells}
                            {amount_td(year, cur, locale)}
                        </tr>
                    }
                };
                view! {
                    <tbody>
                        <tr class="kura-report__section"><th scope="rowgroup" colspan="15">{t.rep_revenue}</th></tr>
                        {rows(&m.revenue)}
                        {total(t.rep_total_revenue, &m.total_revenue, m.year_revenue, "")}
                    </tbody>
                    <tbody>
                        <tr class="kura-report__section"><th scope="rowgroup" colspan="15">{t.rep_expenses}</th></tr>
                        {rows(&m.expenses)}
                        {total(t.rep_total_expenses, &m.total_expenses, m.year_expenses, "")}
                    </tbody>
                    <tbody>
                        {total(t.rep_net_income, &m.net_income, m.year_net_income, "kura-report__grand")}
                    </tbody>
                }
            });
            view! {
                <div class="kura-report__scroll" data-testid="monthly-scroll">
                    <table class="kura-report__table kura-report__table--wide" data-testid="monthly">
                        <thead>
                            <tr>
                                <th scope="col" class="kura-report__code">{t.rep_code}</th>
                                <th scope="col">{t.rep_account}</th>
                                {heads}
                                <th scope="col" class="kura-report__num">{t.rep_total}</th>
                            </tr>
                        </thead>
                        {body}
                    </table>
                </div>
            }
            .into_any()
        })
    }
}

// ----------------------------------------------------------------------------
// 消費税集計

#[component]
fn TaxView(
    period: Memo<Period>,
    currency: Memo<Currency>,
    choices: RwSignal<TaxChoices>,
    code: Memo<Option<TaxCode>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let entries = move || {
        code.get().map(|c| {
            view! {
                <h2 class="kura-report__subtitle" data-testid="tax-entries-title">
                    {move || (i18n.t().rep_tax_entries)((i18n.t().tax_code_name)(c))}
                </h2>
                <TaxEntries period=period code=c currency=currency />
            }
        })
    };
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book
            .with(|b| tax_summary_for(b, p, BusinessClass::default()))
    });
    let class_select = move || {
        let t = i18n.t();
        let current = choices.with(|c| c.class);
        view! {
            <select
                class="kura-input"
                id="business-class"
                data-testid="business-class"
                on:change=move |ev| {
                    if let Some(c) = event_target_value(&ev).parse::<u8>().ok().and_then(BusinessClass::from_number) {
                        choices.update(|choice| choice.class = c);
                    }
                }
            >
                {BusinessClass::ALL
                    .into_iter()
                    .map(|c| view! { <option value=c.number().to_string() selected=c == current>{(t.rep_business_class_name)(c.number())}</option> })
                    .collect_view()}
            </select>
        }
    };
    let summary = move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        let chosen = choices.with(|c| c.class);
        report.with(|tax| {
            let lines = tax
                .lines
                .iter()
                .map(|l| {
                    view! {
                        <tr data-testid="tax-row">
                            <td>{(t.tax_code_name)(l.code)}</td>
                            <td class="kura-report__num">
                                <a class="kura-drill" data-testid="drill" href=tax_code_url(open.id, tax.period, l.code)>
                                    {l.lines.to_string()}
                                </a>
                            </td>
                            {amount_td(l.gross, cur, locale)}
                            {amount_td(l.base, cur, locale)}
                            {amount_td(l.tax, cur, locale)}
                            {amount_td(l.creditable_tax, cur, locale)}
                        </tr>
                    }
                })
                .collect_view();
            let m = &tax.methods;
            let (simplified_credit, simplified) = tax.simplified_for(chosen, cur);
            let money = |d: Decimal| view! { <span class=amount_class(d)>{format_money(d, cur, locale)}</span> };
            view! {
                {tax.lines.is_empty().then(|| no_figures(t))}
                <div class="kura-report__scroll">
                    <table class="kura-report__table" data-testid="tax-lines">
                        <thead>
                            <tr>
                                <th scope="col">{t.rep_tax_code}</th>
                                <th scope="col" class="kura-report__num">{t.rep_tax_lines}</th>
                                <th scope="col" class="kura-report__num">{t.rep_tax_gross}</th>
                                <th scope="col" class="kura-report__num">{t.rep_tax_base}</th>
                                <th scope="col" class="kura-report__num">{t.rep_tax_tax}</th>
                                <th scope="col" class="kura-report__num">{t.rep_tax_creditable}</th>
                            </tr>
                        </thead>
                        <tbody>{lines}</tbody>
                    </table>
                </div>
                <div class="kura-report__methods" data-testid="tax-methods">
                    <section class="kura-report__method" data-testid="tax-general">
                        <h2>{t.rep_tax_general}</h2>
                        <dl>
                            <dt>{t.rep_tax_output}</dt><dd>{money(m.output_tax)}</dd>
                            <dt>{t.rep_tax_input}</dt><dd>{money(m.input_tax)}</dd>
                            <dt>{t.rep_tax_creditable_input}</dt><dd>{money(m.creditable_input_tax)}</dd>
                            <dt class="kura-report__payable">{t.rep_tax_payable}</dt><dd class="kura-report__payable">{money(m.general)}</dd>
                        </dl>
                    </section>
                    <section class="kura-report__method" data-testid="tax-simplified">
                        <h2>{t.rep_tax_simplified}</h2>
                        <label class="kura-report__field kura-no-print" for="business-class">
                            <span>{t.rep_business_class}</span>
                            {class_select}
                        </label>
                        <p class="kura-report__print-only">{(t.rep_business_class_name)(chosen.number())}</p>
                        <dl>
                            <dt>{t.rep_tax_output}</dt><dd>{money(m.output_tax)}</dd>
                            <dt>{t.rep_tax_simplified_credit}</dt><dd>{money(simplified_credit)}</dd>
                            <dt class="kura-report__payable">{t.rep_tax_payable}</dt><dd class="kura-report__payable">{money(simplified)}</dd>
                        </dl>
                    </section>
                    <section class="kura-report__method" data-testid="tax-special">
                        {match &m.special {
                            Some(special) => view! {
                                <h2>{crate::i18n::special_rule_name(special.rule, locale)}</h2>
                                <dl>
                                    <dt>{t.rep_tax_output}</dt><dd>{money(m.output_tax)}</dd>
                                    <dt>{(t.rep_tax_special_credit)(100 - special.rule.payable_percent())}</dt><dd>{money(special.credit)}</dd>
                                    <dt class="kura-report__payable">{t.rep_tax_payable}</dt><dd class="kura-report__payable">{money(special.payable)}</dd>
                                </dl>
                            }
                            .into_any(),
                            None => view! {
                                <h2>{t.rep_tax_special}</h2>
                                <p class="kura-muted">{t.rep_tax_no_special}</p>
                            }
                            .into_any(),
                        }}
                    </section>
                </div>
                <p class="kura-muted kura-report__note">{t.rep_tax_note}</p>
            }
            .into_any()
        })
    };
    view! {
        {summary}
        <TaxReturnView summary=report currency=currency choices=choices />
        {entries}
    }
}

// ----------------------------------------------------------------------------
// 青色申告決算書

fn line_label(line: StatementLine, locale: Locale) -> &'static str {
    match locale {
        Locale::Ja => line.label_ja(),
        Locale::En => line.label_en(),
    }
}

#[component]
fn BlueReturnView(period: Memo<Period>, currency: Memo<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| {
            let fy = Period::book_fiscal_year(b, p.from);
            blue_return(b, fy.from)
        })
    });
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        report.with(|br| {
            let pl = &br.profit_and_loss;
            let fy = br.fiscal_year;
            let drill_line = |accounts: &[(RecordId, Decimal)], amount: Decimal, label: &'static str| {
                // One account behind the line: its figure opens that ledger.
                match accounts {
                    [(account, _)] => drill_td(amount, cur, locale, ledger_url(open.id, *account, fy), (t.rep_drill)(label)).into_any(),
                    _ => amount_td(amount, cur, locale).into_any(),
                }
            };
            let pl_lines = pl
                .lines
                .iter()
                .map(|l| {
                    let label = line_label(l.line, locale);
                    view! {
                        <tr data-testid="blue-pl-row">
                            <td class="kura-report__name">{label}</td>
                            {drill_line(&l.accounts, l.amount, label)}
                        </tr>
                    }
                })
                .collect_view();
            let sum = |label: &'static str, amount: Decimal, extra: &'static str| {
                let class = format!("kura-report__total {extra}");
                view! {
                    <tr class=class>
                        <th scope="row">{label}</th>
                        {amount_td(amount, cur, locale)}
                    </tr>
                }
            };
            let monthly = &br.monthly;
            let month_rows = monthly
                .months
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    view! {
                        <tr>
                            <th scope="row">{(t.rep_month)(p.from.month())}</th>
                            {amount_td(monthly.sales[i], cur, locale)}
                            {amount_td(monthly.purchases[i], cur, locale)}
                        </tr>
                    }
                })
                .collect_view();
            let bs = &br.balance_sheet;
            let bs_rows = |lines: &[kura_core::reports::BlueReturnBalanceLine]| {
                lines
                    .iter()
                    .map(|l| {
                        let label = line_label(l.line, locale);
                        view! {
                            <tr data-testid="blue-bs-row">
                                <td class="kura-report__name">{label}</td>
                                {amount_td(l.opening, cur, locale)}
                                {drill_line(&l.accounts, l.closing, label)}
                            </tr>
                        }
                    })
                    .collect_view()
            };
            let bs_total = |label: &'static str, opening: Decimal, closing: Decimal| {
                view! {
                    <tr class="kura-report__total kura-report__grand">
                        <th scope="row">{label}</th>
                        {amount_td(opening, cur, locale)}
                        {amount_td(closing, cur, locale)}
                    </tr>
                }
            };
            let bs_head = view! {
                <thead>
                    <tr>
                        <th scope="col">{t.rep_blue_line}</th>
                        <th scope="col" class="kura-report__num">{t.rep_blue_opening}<br />{format_date(bs.opening_date, locale)}</th>
                        <th scope="col" class="kura-report__num">{t.rep_blue_closing}<br />{format_date(bs.closing_date, locale)}</th>
                    </tr>
                </thead>
            };
            let bs_head2 = bs_head.clone();
            view! {
                {(!br.unmapped.is_empty()).then(|| view! {
                    <p class="kura-report__warning" role="note" data-testid="blue-unmapped">{(t.rep_blue_unmapped)(br.unmapped.len())}</p>
                })}
                <section class="kura-report__page" data-testid="blue-pl">
                    <h2 class="kura-report__subtitle">{t.rep_blue_pl}</h2>
                    <table class="kura-report__table kura-report__table--statement">
                        <thead>
                            <tr>
                                <th scope="col">{t.rep_blue_line}</th>
                                <th scope="col" class="kura-report__num">{t.rep_amount}</th>
                            </tr>
                        </thead>
                        <tbody>{pl_lines}</tbody>
                        <tbody>
                            {sum(t.rep_blue_sales, pl.sales, "")}
                            {sum(t.rep_blue_cost_of_sales, pl.cost_of_sales, "")}
                            {sum(t.rep_blue_gross, pl.gross_profit, "")}
                            {sum(t.rep_blue_expenses, pl.expenses, "")}
                            {sum(t.rep_blue_net, pl.net, "")}
                            {sum(t.rep_blue_income, pl.income_before_special_deduction, "kura-report__grand")}
                        </tbody>
                    </table>
                </section>
                <section class="kura-report__page" data-testid="blue-monthly">
                    <h2 class="kura-report__subtitle">{t.rep_blue_monthly}</h2>
                    <table class="kura-report__table kura-report__table--statement">
                        <thead>
                            <tr>
                                <th scope="col"></th>
                                <th scope="col" class="kura-report__num">{t.rep_blue_sales}</th>
                                <th scope="col" class="kura-report__num">{t.rep_blue_purchases}</th>
                            </tr>
                        </thead>
                        <tbody>{month_rows}</tbody>
                        <tbody>
                            <tr>
                                <th scope="row">{t.rep_blue_household}</th>
                                {amount_td(monthly.household_consumption, cur, locale)}
                                <td></td>
                            </tr>
                            <tr>
                                <th scope="row">{t.rep_blue_misc}</th>
                                {amount_td(monthly.misc_income, cur, locale)}
                                <td></td>
                            </tr>
                            <tr class="kura-report__total kura-report__grand">
                                <th scope="row">{t.rep_total}</th>
                                {amount_td(monthly.total_sales + monthly.household_consumption + monthly.misc_income, cur, locale)}
                                {amount_td(monthly.total_purchases, cur, locale)}
                            </tr>
                        </tbody>
                    </table>
                </section>
                <section class="kura-report__page" data-testid="blue-bs">
                    <h2 class="kura-report__subtitle">{t.rep_blue_bs}</h2>
                    <div class="kura-report__columns">
                        <table class="kura-report__table kura-report__table--statement">
                            {bs_head}
                            <tbody>
                                <tr class="kura-report__section"><th scope="rowgroup" colspan="3">{t.rep_blue_assets}</th></tr>
                                {bs_rows(&bs.assets)}
                                {bs_total(t.rep_total, bs.total_assets_opening, bs.total_assets_closing)}
                            </tbody>
                        </table>
                        <table class="kura-report__table kura-report__table--statement">
                            {bs_head2}
                            <tbody>
                                <tr class="kura-report__section"><th scope="rowgroup" colspan="3">{t.rep_blue_liabilities_capital}</th></tr>
                                {bs_rows(&bs.liabilities_and_capital)}
                                {(!bs.earlier_years_profit.is_zero()).then(|| view! {
                                    <tr>
                                        <td class="kura-report__name">{t.rep_blue_earlier}</td>
                                        {amount_td(bs.earlier_years_profit, cur, locale)}
                                        {amount_td(bs.earlier_years_profit, cur, locale)}
                                    </tr>
                                })}
                                <tr>
                                    <td class="kura-report__name">{t.rep_blue_income}</td>
                                    <td></td>
                                    {amount_td(bs.income, cur, locale)}
                                </tr>
                                {bs_total(t.rep_total, bs.total_liabilities_and_capital_opening, bs.total_liabilities_and_capital_closing)}
                            </tbody>
                        </table>
                    </div>
                </section>
            }
            .into_any()
        })
    }
}

/// The tax summary listing the entries with one tax code.
fn tax_code_url(book: RecordId, period: Period, code: TaxCode) -> String {
    let index = TaxCode::ALL.iter().position(|c| *c == code).unwrap_or(0);
    format!(
        "{}&code={index}",
        report_url(book, Report::Tax, period, None)
    )
}

/// One entry behind a tax-code line.
#[derive(Clone, Debug, PartialEq)]
struct TaxEntryRow {
    head: EntryRef,
    total: Decimal,
}

/// The posted entries with a line carrying `code` in the period: the
/// drill-down of a tax-code line, each opening its entry.
#[component]
fn TaxEntries(period: Memo<Period>, code: TaxCode, currency: Memo<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let navigate = use_navigate();
    let book_id = open.id;
    let rows = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| {
            entries_with_tax_code(b, p, code)
                .into_iter()
                .filter_map(|id| b.entry(id))
                .map(|e| TaxEntryRow {
                    head: EntryRef {
                        entry: e.id(),
                        date: e.date(),
                        description: e.description().to_string(),
                        partner: e.partner().unwrap_or_default().to_string(),
                    },
                    total: e.total(),
                })
                .collect()
        })
    });
    let mut columns = entry_ref_columns(i18n, book_id, "tax-entry", |r: &TaxEntryRow| &r.head);
    columns.push(Column::numeric(
        move || t().rep_amount.to_string(),
        move |r: &TaxEntryRow| {
            let d = r.total;
            move || format_money(d, currency.get(), i18n.locale())
        },
    ));
    let activate = Callback::new(move |r: TaxEntryRow| {
        navigate(&entry_path(book_id, r.head.entry), Default::default())
    });
    view! {
        <DataTable
            rows=rows
            columns=columns
            row_key=|r: &TaxEntryRow| r.head.entry.to_string()
            label=Signal::derive(move || t().rep_tax.to_string())
            on_activate=activate
            row_test_id="tax-entry-row"
        />
    }
}

// ----------------------------------------------------------------------------
// Long reports (仕訳帳, 変更履歴): a page at a time on screen, everything in print

/// Items (entries, changes) on one screen page of a long report: fifty
/// entries are some two hundred table rows, drawn within a frame or two.
const LONG_PAGE: usize = 50;

/// Whether the report is being printed: long reports then show every page.
#[derive(Clone, Copy)]
struct Printing(RwSignal<bool>);

/// Provides [`Printing`] for the report page; back to one page after printing.
/// The browser's own print command (Ctrl+P) sets it too: the update runs in
/// the microtasks after `beforeprint`, before the page is laid out for print.
fn provide_printing() -> RwSignal<bool> {
    let printing = RwSignal::new(false);
    provide_context(Printing(printing));
    let before = window_event_listener(leptos::ev::beforeprint, move |_| printing.set(true));
    let after = window_event_listener(leptos::ev::afterprint, move |_| printing.set(false));
    on_cleanup(move || {
        before.remove();
        after.remove();
    });
    printing
}

/// A long report's paging: the page asked for, and the items it shows.
#[derive(Clone, Copy)]
struct Pages {
    page: RwSignal<usize>,
    total: Memo<usize>,
    printing: RwSignal<bool>,
}

impl Pages {
    /// Paging over `total` items, back to the first page when the list changes.
    fn new(total: Memo<usize>) -> Pages {
        let page = RwSignal::new(0);
        Effect::new(move || {
            total.track();
            page.set(0);
        });
        Pages {
            page,
            total,
            printing: expect_context::<Printing>().0,
        }
    }

    fn last(&self) -> usize {
        self.total.get().saturating_sub(1) / LONG_PAGE
    }

    /// The items shown: one page on screen, all of them in print.
    fn range(&self) -> std::ops::Range<usize> {
        let total = self.total.get();
        if self.printing.get() {
            return 0..total;
        }
        let from = self.page.get().min(self.last()) * LONG_PAGE;
        from..(from + LONG_PAGE).min(total)
    }
}

/// Where the page stands, with previous and next (hidden in print).
#[component]
fn Pager(pages: Pages) -> impl IntoView {
    let i18n = use_i18n();
    let range = move || {
        let r = pages.range();
        (i18n.t().table_range)(r.start + 1, r.end, pages.total.get())
    };
    let page = pages.page;
    let current = move || page.get().min(pages.last());
    view! {
        <Show when=move || { pages.last() > 0 }>
            <div class="kura-pager" data-testid="report-pager">
                <span class="kura-pager__range" aria-live="polite">{range}</span>
                <button
                    type="button"
                    class="kura-button kura-pager__previous"
                    disabled=move || current() == 0
                    on:click=move |_| page.set(current().saturating_sub(1))
                >
                    {move || i18n.t().table_previous}
                </button>
                <button
                    type="button"
                    class="kura-button kura-pager__next"
                    data-testid="report-next"
                    disabled=move || { current() >= pages.last() }
                    on:click=move |_| page.set((current() + 1).min(pages.last()))
                >
                    {move || i18n.t().table_next}
                </button>
            </div>
        </Show>
    }
}

// ----------------------------------------------------------------------------
// 仕訳帳

/// An amount cell, empty for zero (the side a line is not on).
fn side_td(amount: Decimal, currency: Currency, locale: Locale) -> AnyView {
    if amount.is_zero() {
        empty_num_td().into_any()
    } else {
        amount_td(amount, currency, locale).into_any()
    }
}

/// The marker of an entry that undoes another, linking to that entry.
fn link_note(book_id: RecordId, link: EntryLink, t: &'static Messages) -> impl IntoView {
    let word = match link {
        EntryLink::Reversal { .. } => t.marker_reversal,
        EntryLink::Correction { .. } => t.marker_correction,
    };
    view! {
        " "
        <span class="kura-badge kura-badge--muted">{word}</span>
        " "
        <a class="kura-report__aside" href=entry_path(book_id, link.original())>{t.rep_change_of}</a>
    }
}

/// One entry of the journal: its head row and one row per line.
fn journal_entry(
    number: usize,
    row: &JournalRow,
    book: &Book,
    book_id: RecordId,
    cur: Currency,
    locale: Locale,
    t: &'static Messages,
) -> impl IntoView {
    let lines = row
        .lines
        .iter()
        .map(|l| {
            view! {
                <tr class="kura-journal__line" data-testid="journal-line">
                    <td></td>
                    <td></td>
                    <td>{account_name(book, l.account, locale)}</td>
                    {side_td(l.debit, cur, locale)}
                    {side_td(l.credit, cur, locale)}
                    <td>{l.tax_code.map(|c| (t.tax_code_name)(c))}</td>
                    <td>{l.memo.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <tbody class="kura-journal__entry" data-testid="journal-entry">
            <tr class="kura-journal__head">
                <td class="kura-report__num">{number}</td>
                <td class="kura-journal__date">{format_date(row.date, locale)}</td>
                <td colspan="5">
                    <a href=entry_path(book_id, row.entry) data-testid="journal-entry-link">
                        {row.description.clone()}
                    </a>
                    {row.partner.clone().map(|p| view! { <span class="kura-report__aside">{p}</span> })}
                    {row.link.map(|link| link_note(book_id, link, t))}
                </td>
            </tr>
            {lines}
        </tbody>
    }
}

#[component]
fn JournalView(period: Memo<Period>, currency: Memo<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| journal(b, p))
    });
    let pages = Pages::new(Memo::new(move |_| report.with(|j| j.rows.len())));
    let body = move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        let range = pages.range();
        report.with(|j| {
            open.book.with(|b| {
                j.rows[range.clone()]
                    .iter()
                    .zip(range.start + 1..)
                    .map(|(row, n)| journal_entry(n, row, b, open.id, cur, locale, t))
                    .collect_view()
            })
        })
    };
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        let (count, debit, credit) = report.with(|j| (j.rows.len(), j.debit, j.credit));
        if count == 0 {
            return no_figures(t).into_any();
        }
        view! {
            <p class="kura-report__meta" data-testid="journal-count">{(t.rep_entry_count)(count)}</p>
            <Pager pages=pages />
            <div class="kura-report__scroll">
                <table class="kura-report__table kura-report__table--journal" data-testid="journal">
                    <thead>
                        <tr>
                            <th scope="col" class="kura-report__num">{t.rep_number}</th>
                            <th scope="col">{t.rep_date}</th>
                            <th scope="col">{t.rep_account}</th>
                            <th scope="col" class="kura-report__num">{t.rep_debit}</th>
                            <th scope="col" class="kura-report__num">{t.rep_credit}</th>
                            <th scope="col">{t.rep_tax_code}</th>
                            <th scope="col">{t.rep_memo}</th>
                        </tr>
                    </thead>
                    {body}
                    <tfoot>
                        <tr class="kura-report__total kura-report__grand" data-testid="journal-totals">
                            <td></td>
                            <td></td>
                            <th scope="row">{t.rep_total}</th>
                            {amount_td(debit, cur, locale)}
                            {amount_td(credit, cur, locale)}
                            <td></td>
                            <td></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <Pager pages=pages />
        }
        .into_any()
    }
}

// ----------------------------------------------------------------------------
// 変更履歴

/// A stamp's wall time in the device's time zone.
pub(super) fn local_time(wall_ms: u64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp_millis(wall_ms as i64)
        .map(|at| at.with_timezone(&chrono::Local).naive_local())
        .unwrap_or_default()
}

/// The changes made in `period` (local days) that mention `find`.
fn history_of(book: &Book, period: Period, find: &str) -> ChangeHistory {
    let query = HistoryQuery {
        period: Some(period),
        text: Some(find.to_string()),
    };
    change_history(book, &query, local_time)
}

/// What kind of record a change is to.
pub(super) fn record_label(kind: RecordKind, t: &'static Messages) -> &'static str {
    match kind {
        RecordKind::JournalEntry => t.rep_record_entry,
        RecordKind::Account => t.rep_record_account,
        RecordKind::BookSettings => t.rep_record_settings,
        RecordKind::PeriodLock => t.rep_record_lock,
        RecordKind::PrivateUseRule => t.rep_record_rule,
        RecordKind::Attachment => t.rep_record_attachment,
        RecordKind::Partner => t.rep_record_partner,
        RecordKind::Document => t.rep_record_document,
        RecordKind::Payment => t.rep_record_payment,
        RecordKind::DeviceSeries => t.rep_record_series,
        RecordKind::BusinessProfile => t.rep_record_profile,
        RecordKind::Item => t.rep_record_item,
        RecordKind::Location => t.rep_record_location,
        RecordKind::StockMove => t.rep_record_stock_move,
        RecordKind::Stocktake => t.rep_record_stocktake,
        RecordKind::InventorySettings => t.rep_record_inventory_settings,
        RecordKind::StatementProfile => t.rep_record_statement_profile,
        RecordKind::BankRule => t.rep_record_bank_rule,
        RecordKind::StatementImport => t.rep_record_statement_import,
        RecordKind::ExportMapping => t.rep_record_export_mapping,
    }
}

/// A changed field's name.
fn field_name(field: Field, t: &'static Messages) -> &'static str {
    match field {
        Field::Status => t.entry_status,
        Field::Date => t.entry_date,
        Field::Description => t.entry_description,
        Field::Partner => t.entry_partner,
        Field::Lines => t.field_lines,
        Field::Corrects => t.rep_field_corrects,
        Field::Code => t.account_code,
        Field::Name => t.account_name,
        Field::Kind => t.account_type,
        Field::Parent => t.rep_field_parent,
        Field::Role => t.account_role,
        Field::DefaultTax => t.account_default_tax,
        Field::TaxClass => t.account_tax_class,
        Field::Archived => t.archived,
        Field::StatementLine => t.rep_field_statement_line,
        Field::BookName => t.book_name,
        Field::OwnerName => t.owner_name,
        Field::Currency => t.currency,
        Field::FiscalYearStart => t.fiscal_year_start,
        Field::Language => t.ui_language,
        Field::ChartTemplate => t.chart_template,
        Field::TaxAccounting => t.tax_accounting,
        Field::Account => t.rep_account,
        Field::Share => t.rep_field_share,
        Field::Basis => t.rep_field_basis,
        Field::PartnerName => t.pt_name,
        Field::Roles => t.pt_roles,
        Field::Address => t.pt_address,
        Field::Contact => t.rcv_field_contact,
        Field::Terms => t.pt_terms,
        Field::PriceBasis => t.pt_price_basis,
        Field::Registration => t.pt_registration,
        Field::Bank => t.pt_bank_heading,
        Field::Notes => t.rcv_field_notes,
        Field::Number => t.doc_number,
        Field::DueDate => t.doc_due,
        Field::Subject => t.doc_subject,
        Field::Links => t.rcv_field_links,
        Field::Amount => t.rcv_field_amount,
        Field::Allocations => t.pt_allocations,
        Field::TaxRounding => t.rcv_field_tax_rounding,
        Field::WithholdingBooking => t.rcv_field_withholding_booking,
        Field::Images => t.rcv_field_images,
    }
}

/// What a change did, in words.
fn change_text(row: &HistoryRow, locale: Locale, t: &'static Messages) -> String {
    let attachment = row.record.kind == RecordKind::Attachment;
    match &row.change {
        ChangeKind::Posted => t.rep_change_posted.to_string(),
        ChangeKind::Reversal { .. } => t.rep_change_reversal.to_string(),
        ChangeKind::Correction { .. } => t.rep_change_correction.to_string(),
        ChangeKind::BookCreated => t.rep_change_created.to_string(),
        ChangeKind::Added if attachment => t.rep_change_attached.to_string(),
        ChangeKind::Added => t.rep_change_added.to_string(),
        ChangeKind::Deleted if attachment => t.rep_change_detached.to_string(),
        ChangeKind::Deleted => t.rep_change_deleted.to_string(),
        ChangeKind::Changed { fields } => {
            let names: Vec<&str> = fields.iter().map(|f| field_name(*f, t)).collect();
            if row.record.kind == RecordKind::JournalEntry {
                (t.rep_change_altered)(&names.join(", "))
            } else {
                (t.history_changed)(&names)
            }
        }
        ChangeKind::PeriodClosed { through } => {
            (t.rep_change_closed)(&format_date(*through, locale))
        }
        ChangeKind::PeriodReopened { through: Some(d) } => {
            (t.rep_change_reopened)(&format_date(*d, locale))
        }
        ChangeKind::PeriodReopened { through: None } => t.rep_change_reopened_all.to_string(),
        ChangeKind::Issued => t.rcv_change_issued.to_string(),
        ChangeKind::Cancelled => t.rcv_change_cancelled.to_string(),
    }
}

/// The entry a change is about (for an attachment, the entry it belongs to).
fn entry_of(row: &HistoryRow) -> Option<RecordId> {
    let record = row.after.as_deref().or(row.before.as_deref());
    match (row.record.kind, record) {
        (RecordKind::JournalEntry, _) => Some(row.record.id),
        (_, Some(Record::Attachment(a))) => Some(a.entry_id),
        _ => None,
    }
}

/// One change as the table shows it.
fn history_row(
    row: &HistoryRow,
    book: &Book,
    book_id: RecordId,
    locale: Locale,
    t: &'static Messages,
) -> impl IntoView {
    let summary =
        |r: &Option<std::sync::Arc<Record>>| r.as_deref().map(|r| record_summary(book, r, locale));
    let label = record_label(row.record.kind, t);
    let record = match entry_of(row) {
        Some(entry) => view! {
            <a href=entry_path(book_id, entry) data-testid="history-record">{label}</a>
        }
        .into_any(),
        None => label.into_any(),
    };
    let original = match row.change {
        ChangeKind::Reversal { original } | ChangeKind::Correction { original } => Some(view! {
            " "
            <a class="kura-report__aside" href=entry_path(book_id, original) data-testid="history-original">
                {t.rep_change_of}
            </a>
        }),
        _ => None,
    };
    view! {
        <tr data-testid="history-row">
            <td class="kura-report__when">{format_datetime(row.at, locale)}</td>
            <td>{record}</td>
            <td>{change_text(row, locale, t)}{original}</td>
            <td class="kura-report__summary">{summary(&row.before)}</td>
            <td class="kura-report__summary">{summary(&row.after)}</td>
        </tr>
    }
}

#[component]
fn HistoryView(
    period: Memo<Period>,
    find: Memo<String>,
    set_find: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let p = period.get();
        find.with(|f| open.book.with(|b| history_of(b, p, f)))
    });
    let pages = Pages::new(Memo::new(move |_| report.with(|h| h.rows.len())));
    let rows = move || {
        let t = t();
        let locale = i18n.locale();
        let range = pages.range();
        report.with(|h| {
            open.book.with(|b| {
                h.rows[range.clone()]
                    .iter()
                    .map(|row| history_row(row, b, open.id, locale, t))
                    .collect_view()
            })
        })
    };
    let table = move || {
        let t = t();
        if report.with(|h| h.rows.is_empty()) {
            return view! { <p class="kura-muted" data-testid="report-empty">{t.rep_no_changes}</p> }
                .into_any();
        }
        view! {
            <Pager pages=pages />
            <div class="kura-report__scroll">
                <table class="kura-report__table kura-report__table--history" data-testid="history">
                    <thead>
                        <tr>
                            <th scope="col">{t.rep_when}</th>
                            <th scope="col">{t.rep_record}</th>
                            <th scope="col">{t.rep_change}</th>
                            <th scope="col">{t.rep_before}</th>
                            <th scope="col">{t.rep_after}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Pager pages=pages />
        }
        .into_any()
    };
    view! {
        <div class="kura-report__toolbar kura-no-print">
            <label class="kura-report__field" for="history-find">
                <span>{move || t().rep_find}</span>
                <input
                    id="history-find"
                    class="kura-input"
                    type="search"
                    data-testid="history-find"
                    placeholder=move || t().rep_find_hint
                    prop:value=move || find.get()
                    on:change=move |ev| set_find.run(event_target_value(&ev))
                />
            </label>
        </div>
        {move || {
            let f = find.get();
            (!f.trim().is_empty()).then(|| view! { <p class="kura-report__print-only">{t().rep_find}": "{f}</p> })
        }}
        {table}
    }
}

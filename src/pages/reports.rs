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

use chrono::NaiveDate;
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::ledger::TaxCode;
use kura_core::locale::{format_date, Locale};
use kura_core::reports::{
    balance_sheet, balance_sheet_lines, blue_return, csv, general_ledger, journal,
    monthly_profit_and_loss, profit_and_loss, profit_and_loss_lines, tax_summary_for,
    trial_balance, Period,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

mod blue_return;
mod history;
mod journal;
mod ledger;
mod monthly;
mod statements;
mod tax;
mod trial_balance;

use crate::app::use_open_book;
use crate::components::{provide_printing, record_label, DateInput};
use crate::i18n::{use_i18n, Messages};
use crate::platform::{self, today};
use crate::routes::{self, Report};
use blue_return::BlueReturnView;
use history::{change_text, history_of, HistoryView};
use journal::JournalView;
use ledger::LedgerView;
use monthly::MonthlyView;
use statements::{statement_label, BalanceSheetView, ProfitAndLossView};
use tax::tax_return::{self, TaxChoices};
use tax::TaxView;
use trial_balance::TrialBalanceView;

/// A report's title in the picker and above it.
fn report_title(report: Report, t: &Messages) -> &'static str {
    match report {
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

fn parse_date(text: Option<String>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&text?, "%Y-%m-%d").ok()
}

/// `url` with the change history's text filter (`q`), if there is one.
fn with_find(url: String, find: &str) -> String {
    if find.trim().is_empty() {
        url
    } else {
        routes::with_query(url, &[("q", find.to_string())])
    }
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
    let currency = Memo::new(move |_| open.book.with(|b| b.currency()));

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
                let url = routes::report(
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
                let url =
                    routes::report(open.id, report.get_untracked(), p, account.get_untracked());
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
            let href = move || routes::report(open.id, r, period.get(), account.get());
            let current = move || (report.get() == r).then_some("page");
            view! {
                <a
                    class="kura-report__tab"
                    href=href
                    aria-current=current
                    data-testid=format!("report-{}", r.slug())
                >
                    {move || report_title(r, t())}
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
                let url = routes::report(open.id, Report::History, period.get_untracked(), None);
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
                <h1 class="kura-report__title" data-testid="report-title">{move || report_title(report.get(), t())}</h1>
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
            csv::statement_csv(
                &profit_and_loss_lines(&profit_and_loss(book, period)),
                book,
                locale,
                &stmt_headers,
                |label| statement_label(label, t).to_string(),
            ),
        ),
        Report::BalanceSheet => (
            period.to.to_string(),
            csv::statement_csv(
                &balance_sheet_lines(&balance_sheet(book, period.to)),
                book,
                locale,
                &stmt_headers,
                |label| statement_label(label, t).to_string(),
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
            if let Some(ret) = tax_return::return_csv(&summary, book.currency(), tax, locale) {
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

//! `/books/<id>/receivables/<tab>`: receivables and payables (売掛金・買掛金).
//! The aging of each side as of a date, the open items, a partner's statement
//! (取引明細, printable and as CSV) and the cash forecast of the next weeks.
//!
//! Every figure comes from `kura_core::reports::receivables`; this page only
//! renders it. The tab, the date, the side and the partner live in the URL, so
//! an aging row can link to that partner's open items and a partner's page to
//! its statement.

use chrono::{Datelike, NaiveDate};
use kura_core::book::Book;
use kura_core::ids::RecordId;
use kura_core::locale::{format_date, format_money, Locale};
use kura_core::money::Currency;
use kura_core::reports::csv::partner_statement_csv;
use kura_core::reports::{
    aging, cash_forecast, open_items, partner_statement, Aging, PartnerStatement, AGING_BUCKETS,
};
use kura_core::trade::{Honorific, PaymentDirection, TradeSide};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use rust_decimal::Decimal;

use crate::app::use_open_book;
use crate::components::{
    partner_name, tab_links, use_replace_url, use_url_tab, BarChart, ChartBar, DateInput,
    FormField, Money, OpenItemsTable, UrlDateField, UrlTab,
};
use crate::i18n::{messages, use_i18n, Messages};
use crate::platform;
use crate::platform::today;
use crate::routes::{self, BookScreen};

/// How many weeks the cash forecast looks ahead.
const FORECAST_WEEKS: u32 = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Receivable,
    Payable,
    Open,
    Statement,
    Forecast,
}

impl UrlTab for Tab {
    const ALL: &'static [Tab] = &[
        Tab::Receivable,
        Tab::Payable,
        Tab::Open,
        Tab::Statement,
        Tab::Forecast,
    ];

    fn slug(self) -> &'static str {
        match self {
            Tab::Receivable => "receivable-aging",
            Tab::Payable => "payable-aging",
            Tab::Open => "open-items",
            Tab::Statement => "statement",
            Tab::Forecast => "forecast",
        }
    }

    fn title(self, t: &Messages) -> &'static str {
        match self {
            Tab::Receivable => t.pt_tab_receivable,
            Tab::Payable => t.pt_tab_payable,
            Tab::Open => t.pt_tab_open,
            Tab::Statement => t.pt_tab_statement,
            Tab::Forecast => t.pt_tab_forecast,
        }
    }
}

fn side_value(side: TradeSide) -> &'static str {
    match side {
        TradeSide::Sales => "sales",
        TradeSide::Purchase => "purchase",
    }
}

fn parse_date(text: Option<String>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&text?, "%Y-%m-%d").ok()
}

/// What the URL's query says, with defaults.
#[derive(Clone, Debug, PartialEq)]
struct View {
    as_of: NaiveDate,
    side: TradeSide,
    partner: Option<RecordId>,
    from: NaiveDate,
    to: NaiveDate,
}

impl View {
    /// A period whose start is not after its end.
    fn ordered(&self) -> bool {
        self.from <= self.to
    }

    fn url(&self, book: RecordId, tab: Tab) -> String {
        let mut query = vec![
            ("as_of", self.as_of.to_string()),
            ("side", side_value(self.side).to_string()),
            ("from", self.from.to_string()),
            ("to", self.to.to_string()),
        ];
        if let Some(p) = self.partner {
            query.push(("partner", p.to_string()));
        }
        routes::with_query(BookScreen::ReceivablesTab(tab.slug()).path(book), &query)
    }
}

/// The side a partner's statement shows: the partner's only role, or for a
/// partner that is both, the side asked (sales by default).
fn statement_side(book: &Book, partner: Option<RecordId>, asked: Option<TradeSide>) -> TradeSide {
    match partner.and_then(|id| book.partner(id)) {
        Some(p) if p.is_supplier && !p.is_customer => TradeSide::Purchase,
        Some(p) if p.is_customer && !p.is_supplier => TradeSide::Sales,
        _ => asked.unwrap_or(TradeSide::Sales),
    }
}

/// What a payment row of a side's statement is: the payment's direction (a
/// refund to a customer among its receipts), or the side's usual one.
fn direction_of(book: &Book, payment: RecordId, side: TradeSide) -> PaymentDirection {
    book.payment(payment)
        .map_or(PaymentDirection::settling(side), |p| p.direction)
}

fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

#[component]
pub fn ReceivablesPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let query = use_query_map();
    let replace_url = use_replace_url();
    let tab = use_url_tab::<Tab>();
    let state = Memo::new(move |_| {
        let q = |name: &str| query.with(|q| q.get(name));
        let partner = q("partner").and_then(|s| s.parse().ok());
        let asked = q("side").map(|s| {
            if s == "purchase" {
                TradeSide::Purchase
            } else {
                TradeSide::Sales
            }
        });
        let side = match tab.get() {
            Tab::Statement => open.book.with(|b| statement_side(b, partner, asked)),
            _ => asked.unwrap_or(TradeSide::Sales),
        };
        View {
            as_of: parse_date(q("as_of")).unwrap_or_else(today),
            side,
            partner,
            from: parse_date(q("from")).unwrap_or_else(|| month_start(today())),
            to: parse_date(q("to")).unwrap_or_else(today),
        }
    });
    let go =
        Callback::new(move |view: View| replace_url.run(view.url(open.id, tab.get_untracked())));
    let tabs = tab_links(
        tab,
        move |tb| state.get().url(open.id, tb),
        move |tb| tb.title(i18n.t()),
        "tab-",
    );
    let body = move || match tab.get() {
        Tab::Receivable => view! { <AgingView side=TradeSide::Sales state go /> }.into_any(),
        Tab::Payable => view! { <AgingView side=TradeSide::Purchase state go /> }.into_any(),
        Tab::Open => view! { <OpenView state go /> }.into_any(),
        Tab::Statement => view! { <StatementView state go /> }.into_any(),
        Tab::Forecast => view! { <ForecastView /> }.into_any(),
    };
    view! {
        <div class="kura-page kura-page--wide kura-report kura-receivables" data-testid="receivables-page">
            <h1 class="kura-no-print">{move || t().pt_recv_title}</h1>
            <nav class="kura-report__tabs kura-no-print" aria-label=move || t().pt_recv_tabs>{tabs}</nav>
            {body}
        </div>
    }
}

/// The as-of date field, written to the URL when valid.
#[component]
fn AsOfField(state: Memo<View>, go: Callback<View>) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(Some(state.get_untracked().as_of));
    let error = RwSignal::new(None::<String>);
    Effect::new(move || {
        if let Some(day) = value.get() {
            if day != state.get_untracked().as_of {
                go.run(View {
                    as_of: day,
                    ..state.get_untracked()
                });
            }
        }
    });
    view! {
        <FormField label=Signal::derive(move || i18n.t().pt_as_of_label.to_string()) id="receivables-as-of" error=error>
            <DateInput id="receivables-as-of" value error />
        </FormField>
    }
}

#[component]
fn AgingView(side: TradeSide, state: Memo<View>, go: Callback<View>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let as_of = state.get().as_of;
        open.book.with(|b| aging(b, side, as_of))
    });
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let headers = move || {
        (0..AGING_BUCKETS)
            .map(|i| view! { <th scope="col" class="kura-table__cell--numeric">{(t().pt_bucket)(i)}</th> })
            .collect_view()
    };
    view! {
        <div class="kura-report__toolbar kura-no-print">
            <AsOfField state go />
        </div>
        <h2>{move || (t().pt_side_name)(side)}</h2>
        <Show
            when=move || !report.with(|r| r.rows.is_empty())
            fallback=move || view! { <p class="kura-muted" data-testid="no-aging">{move || t().pt_no_aging}</p> }
        >
            <div class="kura-table-wrap">
                <table class="kura-table kura-aging" data-testid="aging-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || t().rep_partner}</th>
                            {headers}
                            <th scope="col" class="kura-table__cell--numeric">{move || t().rep_total}</th>
                        </tr>
                    </thead>
                    <tbody>{move || aging_rows(&report.get(), side, state.get(), currency)}</tbody>
                    <tfoot>{move || aging_totals(&report.get(), currency)}</tfoot>
                </table>
            </div>
        </Show>
    }
}

fn aging_rows(
    report: &Aging,
    side: TradeSide,
    state: View,
    currency: Signal<Currency>,
) -> impl IntoView {
    let open = use_open_book();
    report
        .rows
        .iter()
        .map(|row| {
            let name = open.book.with_untracked(|b| partner_name(b, row.partner));
            let items = View {
                side,
                partner: Some(row.partner),
                ..state.clone()
            }
            .url(open.id, Tab::Open);
            let cells = row
                .buckets
                .iter()
                .map(|amount| view! { <td class="kura-num"><Money amount=*amount currency /></td> })
                .collect_view();
            view! {
                <tr data-testid="aging-row">
                    <th scope="row"><a href=items data-testid="aging-partner">{name}</a></th>
                    {cells}
                    <td class="kura-num" data-testid="aging-total"><Money amount=row.total currency /></td>
                </tr>
            }
        })
        .collect_view()
}

fn aging_totals(report: &Aging, currency: Signal<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let cells = report
        .totals
        .iter()
        .map(|amount| view! { <td class="kura-num"><Money amount=*amount currency /></td> })
        .collect_view();
    view! {
        <tr>
            <th scope="row">{move || i18n.t().rep_total}</th>
            {cells}
            <td class="kura-num" data-testid="aging-grand-total"><Money amount=report.total currency /></td>
        </tr>
    }
}

/// A select of every partner (blank: all, or none chosen yet).
#[component]
fn PartnerSelect(
    id: &'static str,
    state: Memo<View>,
    go: Callback<View>,
    blank: fn(&Messages) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let options = move || {
        let chosen = state.get().partner;
        open.book
            .with(|b| b.partners().map(|p| (p.id, p.name.clone(), p.reading.clone())).collect::<Vec<_>>())
            .into_iter()
            .map(|(pid, name, _)| view! { <option value=pid.to_string() selected=chosen == Some(pid)>{name}</option> })
            .collect_view()
    };
    view! {
        <select id=id data-testid=id
            on:change=move |ev| go.run(View { partner: event_target_value(&ev).parse().ok(), ..state.get_untracked() })>
            <option value="" selected=move || state.get().partner.is_none()>{move || blank(i18n.t())}</option>
            {options}
        </select>
    }
}

#[component]
fn SideSelect(id: &'static str, state: Memo<View>, go: Callback<View>) -> impl IntoView {
    let i18n = use_i18n();
    let option = move |side: TradeSide| {
        view! {
            <option value=side_value(side) selected=move || state.get().side == side>
                {move || (i18n.t().pt_side_name)(side)}
            </option>
        }
    };
    view! {
        <select id=id data-testid=id
            on:change=move |ev| {
                let side = if event_target_value(&ev) == "purchase" { TradeSide::Purchase } else { TradeSide::Sales };
                go.run(View { side, ..state.get_untracked() })
            }>
            {option(TradeSide::Sales)}
            {option(TradeSide::Purchase)}
        </select>
    }
}

#[component]
fn OpenView(state: Memo<View>, go: Callback<View>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let items = Memo::new(move |_| {
        let v = state.get();
        open.book.with(|b| {
            open_items(b, v.side, v.as_of)
                .into_iter()
                .filter(|i| v.partner.is_none_or(|p| i.partner == p))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="kura-report__toolbar kura-no-print">
            <FormField label=Signal::derive(move || t().pt_side.to_string()) id="open-side">
                <SideSelect id="open-side" state go />
            </FormField>
            <FormField label=Signal::derive(move || t().pt_partner.to_string()) id="open-partner">
                <PartnerSelect id="open-partner" state go blank=|t| t.pt_all_partners />
            </FormField>
            <AsOfField state go />
        </div>
        <Show
            when=move || !items.with(Vec::is_empty)
            fallback=move || view! { <p class="kura-muted" data-testid="no-open-items">{move || t().pt_no_aging}</p> }
        >
            <OpenItemsTable items=Signal::from(items) show_partner=true />
        </Show>
    }
}

#[component]
fn StatementView(state: Memo<View>, go: Callback<View>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let statement = Memo::new(move |_| {
        let v = state.get();
        let partner = v.partner?;
        open.book.with(|b| {
            b.partner(partner)?;
            Some(partner_statement(b, partner, v.side, v.from, v.to))
        })
    });
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            window.print().ok();
        }
    };
    let download = move |_| {
        let Some(s) = statement.get_untracked() else {
            return;
        };
        let locale = i18n.locale.get_untracked();
        let side = state.get_untracked().side;
        let (name, text) = open
            .book
            .with_untracked(|b| statement_csv(b, &s, side, locale));
        platform::download_text(&name, &text, "text/csv;charset=utf-8");
    };
    view! {
        <div class="kura-report__toolbar kura-no-print">
            <FormField label=Signal::derive(move || t().pt_partner.to_string()) id="statement-partner">
                <PartnerSelect id="statement-partner" state go blank=|t| t.pt_choose_partner />
            </FormField>
            <FormField label=Signal::derive(move || t().pt_side.to_string()) id="statement-side">
                <SideSelect id="statement-side" state go />
            </FormField>
            <UrlDateField id="statement-from" label=|t| t.rep_from state go
                pick=|v| v.from put=|v, from| View { from, ..v } valid=View::ordered />
            <UrlDateField id="statement-to" label=|t| t.rep_to state go
                pick=|v| v.to put=|v, to| View { to, ..v } valid=View::ordered />
            <span class="kura-report__actions">
                <button type="button" class="kura-button" data-testid="print" on:click=print
                    disabled=move || statement.with(Option::is_none)>{move || t().rep_print}</button>
                <button type="button" class="kura-button" data-testid="csv" on:click=download
                    disabled=move || statement.with(Option::is_none)>{move || t().rep_csv}</button>
            </span>
        </div>
        {move || match statement.get() {
            None => view! { <p class="kura-muted" data-testid="statement-empty">{t().pt_statement_choose}</p> }.into_any(),
            Some(s) => view! { <StatementSheet statement=s side=state.get_untracked().side /> }.into_any(),
        }}
    }
}

/// The statement as printed: who it is for, the period, and the lines with
/// their running balance.
#[component]
fn StatementSheet(statement: PartnerStatement, side: TradeSide) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let s = &statement;
        let (recipient, book_name) = open.book.with(|b| {
            let p = b.partner(s.partner);
            let honorific = match p.map(|p| p.honorific) {
                Some(Honorific::Person) if locale == Locale::Ja => " 様",
                Some(Honorific::Company) if locale == Locale::Ja => " 御中",
                _ => "",
            };
            (
                format!(
                    "{}{honorific}",
                    p.map(|p| p.name.clone()).unwrap_or_default()
                ),
                b.settings().map(|s| s.name.clone()).unwrap_or_default(),
            )
        });
        let currency = open.book.with(|b| b.currency());
        let money =
            move |amount: Decimal| view! { <td class="kura-num"><Money amount currency /></td> };
        let lines = s
            .rows
            .iter()
            .map(|row| {
                let text = match row.kind {
                    Some(kind) => view! {
                        <a href=BookScreen::Document(row.id).path(open.id)>{row.number.clone()}</a>
                        " "<span class="kura-muted">{(t.doc_kind_name)(kind)}</span>
                    }
                    .into_any(),
                    None => view! { <span>{(t.pt_direction_name)(open.book.with(|b| direction_of(b, row.id, side)))}</span> }
                        .into_any(),
                };
                view! {
                    <tr data-testid="statement-row">
                        <td>{format_date(row.date, locale)}</td>
                        <td>{text}</td>
                        <td>{row.description.clone()}</td>
                        {money(row.charged)}
                        {money(row.paid)}
                        {money(row.balance)}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <article class="kura-statement" data-testid="statement">
                <header class="kura-report__head">
                    <h2 class="kura-report__title">{t.pt_statement_title}</h2>
                    <p class="kura-statement__to" data-testid="statement-recipient">
                        <a href=BookScreen::Partner(s.partner).path(open.id)>{recipient}</a>
                    </p>
                    <p class="kura-report__meta">
                        <span>{book_name}</span>
                        <span>{(t.rep_period_text)(&format_date(s.from, locale), &format_date(s.to, locale))}</span>
                    </p>
                </header>
                <div class="kura-table-wrap">
                    <table class="kura-table">
                        <thead>
                            <tr>
                                <th scope="col">{t.rep_date}</th>
                                <th scope="col">{t.rep_number}</th>
                                <th scope="col">{t.rep_description}</th>
                                <th scope="col" class="kura-table__cell--numeric">{t.pt_charged}</th>
                                <th scope="col" class="kura-table__cell--numeric">{t.pt_paid_column}</th>
                                <th scope="col" class="kura-table__cell--numeric">{t.rep_balance}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <tr>
                                <td></td>
                                <th scope="row" colspan="4">{t.rep_opening}</th>
                                {money(s.opening)}
                            </tr>
                            {lines}
                        </tbody>
                        <tfoot>
                            <tr>
                                <td></td>
                                <th scope="row" colspan="4">{t.rep_closing}</th>
                                <td class="kura-num" data-testid="statement-closing"><Money amount=s.closing currency /></td>
                            </tr>
                        </tfoot>
                    </table>
                </div>
            </article>
        }
    }
}

/// The statement as CSV (`csv::partner_statement_csv`: the reports' format,
/// BOM, CRLF, plain amounts): its file name and text.
fn statement_csv(
    book: &Book,
    s: &PartnerStatement,
    side: TradeSide,
    locale: Locale,
) -> (String, String) {
    let t = messages(locale);
    let text = partner_statement_csv(
        s,
        book,
        &[
            t.rep_date,
            t.rep_number,
            t.rep_description,
            t.pt_charged,
            t.pt_paid_column,
            t.rep_balance,
        ],
        &[t.rep_opening, t.rep_closing],
        |r| {
            let what = match r.kind {
                Some(kind) => (t.doc_kind_name)(kind),
                None => (t.pt_direction_name)(direction_of(book, r.id, side)),
            };
            format!("{what} {}", r.description).trim().to_string()
        },
    );
    let name = format!("{}-{}_{}.csv", partner_name(book, s.partner), s.from, s.to);
    (name, text)
}

#[component]
fn ForecastView() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let forecast = Memo::new(move |_| {
        open.book
            .with(|b| cash_forecast(b, today(), FORECAST_WEEKS))
    });
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let short_date = move |d: NaiveDate| match i18n.locale() {
        Locale::Ja => format!("{}/{}", d.month(), d.day()),
        Locale::En => format!("{} {}", (t().month_short)(d.month()), d.day()),
    };
    let bars = Signal::derive(move || {
        let (locale, cur) = (i18n.locale(), currency.get());
        forecast
            .get()
            .weeks
            .iter()
            .map(|w| ChartBar {
                label: short_date(w.week_start),
                value: w.balance,
                text: format_money(w.balance, cur, locale),
            })
            .collect::<Vec<_>>()
    });
    let format = Callback::new(move |v: Decimal| {
        format_money(v, currency.get_untracked(), i18n.locale.get_untracked())
    });
    let rows = move || {
        let locale = i18n.locale();
        forecast
            .get()
            .weeks
            .into_iter()
            .map(|w| {
                view! {
                    <tr data-testid="forecast-week">
                        <th scope="row">{(t().pt_week_of)(&format_date(w.week_start, locale))}</th>
                        <td class="kura-num" data-testid="forecast-in"><Money amount=w.incoming currency /></td>
                        <td class="kura-num" data-testid="forecast-out"><Money amount=w.outgoing currency /></td>
                        <td class="kura-num" data-testid="forecast-balance"><Money amount=w.balance currency /></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <p class="kura-muted">{move || t().pt_forecast_intro}</p>
        <dl class="kura-facts">
            <dt>{move || t().pt_opening_balance}</dt>
            <dd data-testid="forecast-opening"><Money amount=Signal::derive(move || forecast.get().opening_balance) currency /></dd>
        </dl>
        <BarChart
            bars
            label=Signal::derive(move || t().pt_forecast_chart.to_string())
            label_header=Signal::derive(move || t().pt_week_column.to_string())
            value_header=Signal::derive(move || t().pt_forecast_balance.to_string())
            format
            test_id="forecast-chart"
        />
        <div class="kura-table-wrap">
            <table class="kura-table" data-testid="forecast-table">
                <thead>
                    <tr>
                        <th scope="col">{move || t().pt_week_column}</th>
                        <th scope="col" class="kura-table__cell--numeric">{move || t().pt_incoming}</th>
                        <th scope="col" class="kura-table__cell--numeric">{move || t().pt_outgoing}</th>
                        <th scope="col" class="kura-table__cell--numeric">{move || t().pt_forecast_balance}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
